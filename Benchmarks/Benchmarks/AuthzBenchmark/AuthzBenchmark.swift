import AuthzWorkload
import Benchmark
import Foundation
import WardenPolicy

/// One benchmark iteration is one pass over the 1,000 workload requests (`scalingFactor: .kilo`);
/// package-benchmark reports its figures per scaled iteration, that is per decision.
let benchmarks: @Sendable () -> Void = {
    guard let directory = AuthzWorkload.locate() else {
        fatalError("authz workload not found: set AUTHZ_WORKLOAD")
    }
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )
    for (name, extra) in [("authz-workload", 0), ("authz-workload+900-statements", 900)] {
        let workload: AuthzWorkload
        do {
            workload = try AuthzWorkload(directory: directory, extraStatements: extra)
        } catch {
            fatalError("cannot load workload: \(error)")
        }
        let mismatches = workload.mismatches()
        precondition(mismatches.isEmpty, "\(name): \(mismatches.count) decisions differ from expect:\n\(mismatches.prefix(10).joined(separator: "\n"))")
        Benchmark("\(name) (1,000 decisions per iteration)", configuration: configuration) { benchmark in
            // scaledIterations is 0..<1,000: one scaled iteration is one decision, so the
            // reported figures are per decision.
            let cases = workload.cases
            for index in benchmark.scaledIterations {
                blackHole(Authorizer.authorize(cases[index % cases.count].request, workload.policies))
            }
        }
        // The same pass unscaled: malloc counts per 1,000 decisions, exact (the scaled figures
        // above round per-decision counts to integers).
        Benchmark(
            "\(name) pass (1,000 decisions, unscaled)",
            configuration: .init(metrics: [.mallocCountTotal, .wallClock], maxDuration: .seconds(2), maxIterations: 2_000)
        ) { _ in
            for testCase in workload.cases {
                blackHole(Authorizer.authorize(testCase.request, workload.policies))
            }
        }
        // Including request set-up (context from the request's keys; the principal's derived
        // keys computed once per principal, as a server would per session).
        let principalKeys = AuthzWorkload.principal.contextKeys
        Benchmark(
            "\(name) pass incl. request set-up (1,000 decisions, unscaled)",
            configuration: .init(metrics: [.mallocCountTotal, .wallClock], maxDuration: .seconds(2), maxIterations: 2_000)
        ) { _ in
            for testCase in workload.cases {
                let request = AuthorizationRequest(
                    principal: AuthzWorkload.principal, action: testCase.action, resource: testCase.resource,
                    context: RequestContext(testCase.context), principalKeys: principalKeys)
                blackHole(Authorizer.authorize(request, workload.policies))
            }
        }
    }
}
