import AuthzWorkload
import Foundation
import WardenPolicy

// Plain release-mode throughput figure: checks every decision against `expect`, then times
// repeated passes over the 1,000 requests and reports the median pass.

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func measure(_ name: String, _ workload: AuthzWorkload, passes: Int, includeSetUp: Bool) {
    var samples: [Double] = []
    var sink = 0
    // The principal's derived keys are computed once per principal (per session), not per request.
    let principalKeys = AuthzWorkload.principal.contextKeys
    for _ in 0..<passes {
        let start = nanoseconds()
        if includeSetUp {
            for testCase in workload.cases {
                let request = AuthorizationRequest(
                    principal: AuthzWorkload.principal, action: testCase.action, resource: testCase.resource,
                    context: RequestContext(testCase.context), principalKeys: principalKeys)
                sink &+= Authorizer.authorize(request, workload.policies).effect == .allow ? 1 : 0
            }
        } else {
            for testCase in workload.cases {
                sink &+= Authorizer.authorize(testCase.request, workload.policies).effect == .allow ? 1 : 0
            }
        }
        samples.append(Double(nanoseconds() - start) / Double(workload.cases.count))
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let best = samples[0]
    let text = String(
        format: "%@: median %.1f ns/decision (%.0f decisions/s), best %.1f ns, p90 %.1f ns [%d passes of %d requests, %d identity statements]",
        name, median, 1e9 / median, best, samples[samples.count * 9 / 10], passes, workload.cases.count, workload.identityStatementCount)
    print(text)
    precondition(sink > 0)
}

guard let directory = AuthzWorkload.locate() else {
    FileHandle.standardError.write(Data("authz workload not found: set AUTHZ_WORKLOAD\n".utf8))
    exit(2)
}
let passes = Int(ProcessInfo.processInfo.environment["PASSES"] ?? "") ?? 300
// EXPLAIN=n prints the first n decisions of the workload with their explanations.
if let count = Int(ProcessInfo.processInfo.environment["EXPLAIN"] ?? "") {
    let workload = try AuthzWorkload(directory: directory)
    for testCase in workload.cases.prefix(count) {
        let decision = Authorizer.authorize(testCase.request, workload.policies)
        print("\(testCase.action) \(testCase.resource) -> \(decision.effect): \(decision.explanation)")
    }
    exit(0)
}
let only = ProcessInfo.processInfo.environment["ONLY"]
for (label, extra) in [("(a) authz-workload", 0), ("(b) authz-workload + 900 generated statements", 900)] {
    if let only, !label.hasPrefix("(\(only))") { continue }
    let workload = try AuthzWorkload(directory: directory, extraStatements: extra)
    let mismatches = workload.mismatches()
    guard mismatches.isEmpty else {
        print("\(label): \(mismatches.count) decisions differ from expect; not reporting a figure")
        for line in mismatches.prefix(10) { print("  \(line)") }
        exit(1)
    }
    print("\(label): all \(workload.cases.count) decisions match expect")
    measure("\(label), prebuilt requests", workload, passes: passes, includeSetUp: false)
    measure("\(label), incl. request set-up", workload, passes: passes, includeSetUp: true)
}
