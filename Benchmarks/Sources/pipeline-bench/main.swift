import Foundation
import WardenTestSupport

// The operation pipeline's own cost, in process (no sockets): the whole stack on a real PostgreSQL (the
// embedded cluster WardenTestSupport starts), SigV4-signed requests, the policy cache and its listener on.
// Authorization's share is GetUser as an IAM user (3 policies: an inline deny, a group's allow with a
// condition, IAMReadOnlyAccess attached) minus GetUser as the root user (no policies to load or evaluate).

let calls = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5_000

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

func measure(_ name: String, _ body: () async -> Int) async -> (p50: Double, p99: Double) {
    for _ in 0..<200 { _ = await body() }
    var samples: [Double] = []
    samples.reserveCapacity(calls)
    let clock = ContinuousClock()
    for _ in 0..<calls {
        let start = clock.now
        let status = await body()
        let elapsed = clock.now - start
        precondition(status == 200, "\(name) answered \(status)")
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    samples.sort()
    let p50 = percentile(samples, 0.5)
    let p99 = percentile(samples, 0.99)
    print("\(name): p50 \(String(format: "%.1f", p50)) µs, p99 \(String(format: "%.1f", p99)) µs over \(calls) calls")
    return (p50, p99)
}

try await WardenHarness.with(cachingPolicies: true) { warden in
    let user = try await warden.user(
        "bench", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:Delete*","Resource":"*"}]}"#)
    _ = await warden.call("CreateGroup", ["GroupName": "readers"])
    _ = await warden.call(
        "PutGroupPolicy",
        [
            "GroupName": "readers", "PolicyName": "read",
            "PolicyDocument":
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#,
        ])
    _ = await warden.call("AddUserToGroup", ["GroupName": "readers", "UserName": "bench"])
    _ = await warden.call("AttachUserPolicy", ["UserName": "bench", "PolicyArn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"])
    try await Task.sleep(for: .milliseconds(300))  // the listener is up: the cache answers
    let root = await measure("GetUser as root (no policy)") { await warden.call("GetUser", ["UserName": "bench"]).status }
    let iam = await measure("GetUser as an IAM user (3 policies, cached)") { await warden.call("GetUser", ["UserName": "bench"], as: user).status }
    _ = await measure("GetCallerIdentity (stateless: no transaction)") {
        await warden.call("GetCallerIdentity", [:], as: user, service: "sts", version: "2011-06-15").status
    }
    print("authorization adds \(String(format: "%.1f", iam.p50 - root.p50)) µs at p50")
}
