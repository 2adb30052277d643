import Foundation
import Testing
import AuthzWorkload
import WardenPolicy

@Suite("Shared authorization workload")
struct WorkloadTests {
    @Test("all 1,000 decisions of the authorization workload match their expectation")
    func workloadDecisions() throws {
        let directory = try #require(
            AuthzWorkload.locate(),
            "Fixtures/authz-workload not found in the repository")
        let workload = try AuthzWorkload(directory: directory)
        #expect(workload.cases.count == 1_000)
        var mismatches: [String] = []
        var counts: [DecisionEffect: Int] = [:]
        for (index, testCase) in workload.cases.enumerated() {
            let decision = Authorizer.authorize(testCase.request, workload.policies)
            counts[decision.effect, default: 0] += 1
            if decision.effect != testCase.expect {
                mismatches.append("#\(index) \(testCase.request.action) \(testCase.request.resource): expected \(testCase.expect), got \(decision.effect): \(decision.explanation)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
        #expect(counts[.allow] == 205)
        #expect(counts[.explicitDeny] == 488)
        #expect(counts[.implicitDeny] == 307)
    }
}
