import Foundation
import PostgresNIO
import WardenServices
import WardenShapes
import WardenStore
import WardenTestSupport

// The operation pipeline's own cost, in process (no sockets): the whole stack on a real PostgreSQL (the
// embedded cluster WardenTestSupport starts), SigV4-signed requests, the policy cache and its listener on.
// Authorization's share is GetUser as an IAM user (3 policies: an inline deny, a group's allow with a
// condition, IAMReadOnlyAccess attached) minus GetUser as the root user (no policies to load or evaluate).

let calls = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5_000

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }

func measure(_ name: String, _ body: @Sendable () async -> Int) async -> (p50: Double, p99: Double) {
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

let caching = ProcessInfo.processInfo.environment["WARDEN_BENCH_NO_CACHE"] == nil
try await WardenHarness.with(cachingPolicies: caching) { warden in
    print("policy cache: \(caching ? "on" : "off")")
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
    print("GetUser as the IAM user minus as root: \(String(format: "%.1f", iam.p50 - root.p50)) µs at p50 (whole calls, noisy)")

    // The authorization step alone, exactly as the pipeline runs it for the IAM user's GetUser: cached policy
    // set, request context with the global keys, the engine's decision.
    let identity = await warden.call("GetUser", ["UserName": "bench"])
    let userID = identity.value("UserId") ?? ""
    let caller = Caller(accountID: warden.accountID, kind: .user(userID: userID, name: "bench", path: "/"), accessKeyID: user.accessKeyID)
    let resource = "arn:aws:iam::\(warden.accountID):user/bench"
    try await warden.client.withConnection { connection in
        let context = OperationContext(
            caller: caller, requestID: "bench", logger: warden.logger, now: Date(), transaction: StoreTransaction(connection: connection, logger: warden.logger),
            environment: warden.environment, region: "us-east-1")
        let clock = ContinuousClock()
        var samples: [Double] = []
        for round in 0..<(calls * 4) {
            let start = clock.now
            try await context.requirePermission("iam:GetUser", on: resource, protocol: IAM.protocol)
            let elapsed = clock.now - start
            if round >= calls { samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6) }
        }
        samples.sort()
        print("authorization step (cached policy set + context + decision): p50 \(String(format: "%.2f", percentile(samples, 0.5))) µs, p99 \(String(format: "%.2f", percentile(samples, 0.99))) µs")
    }
}
