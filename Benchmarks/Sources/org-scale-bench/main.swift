import Foundation
import PostgresNIO
import WardenAWS
import WardenServices
import WardenShapes
import WardenStore
import WardenTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// Decision latency and memory at organization scale: an organization of 10,000 accounts under 2,000 OUs five
// levels deep against one of 10 accounts, both in one database and served by one server, measured in
// alternation so that the load of a shared machine falls on both alike. Each is seeded through the real
// operations, in process (the gateway with SigV4, as its management account; CreateAccount finished by the
// AccountCreationWorker), on the embedded PostgreSQL. Then, for an IAM user in an account at the deepest level
// (in the small organization: an account in its OU):
//   - the authorization step in process (iam:GetUser on the user), with every cache warm, and cold: the first
//     decision after an organization change, which drops every cached policy set and guardrail chain;
//   - the whole GetUser call in process;
//   - end to end through a release `warden serve` started on the same database ($WARDEN_BIN, default
//     ../.build/release/warden), wrk on a presigned URL; the server's RSS (VmRSS) after start, with both deep
//     accounts' caches warm, and after a first GetUser from each of 1,000 accounts ($BENCH_CALLING) of the large
//     organization (each leaves an access key, a policy set and a guardrail chain in the caches).
// Usage: swift run -c release org-scale-bench

let calls = Int(ProcessInfo.processInfo.environment["BENCH_CALLS"] ?? "") ?? 5_000
let wardenBinary = ProcessInfo.processInfo.environment["WARDEN_BIN"] ?? "../.build/release/warden"
let wrkDuration = ProcessInfo.processInfo.environment["DURATION"] ?? "10s"
let callingAccounts = Int(ProcessInfo.processInfo.environment["BENCH_CALLING"] ?? "") ?? 1_000

struct Shape: Sendable {
    let label: String
    let name: String
    /// OUs at each level below the root, spread evenly over the level above.
    let unitsPerLevel: [Int]
    /// Member accounts created: accounts count as AWS counts them against the quota (10,000 here), the management
    /// account among them.
    let accounts: Int
    /// Accounts whose principals call GetUser once each, to fill the caches.
    let callingAccounts: Int
}

let small = Shape(label: "small", name: "10 accounts, 2 OUs (1 level)", unitsPerLevel: [2], accounts: 9, callingAccounts: 9)
let large = Shape(
    label: "large", name: "10,000 accounts, 2,000 OUs (5 levels)", unitsPerLevel: [10, 40, 200, 800, 950], accounts: 9_999,
    callingAccounts: callingAccounts)

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// Prints unbuffered, so a run piped to a file shows its progress.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func percentile(_ sorted: [Double], _ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
func micros(_ duration: Duration) -> Double { Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6 }
func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.1f", value) }

let scpDenyAtTop = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["organizations:LeaveOrganization","iam:CreateAccountAlias"],"Resource":"*"}]}"#
let scpAllowList = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*","sts:*","s3:*","cloudwatch:*"],"Resource":"*"}]}"#
let scpDenyDeep = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#
let readerPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}"#

/// A management account driving its organization through the in-process gateway.
struct Manager: Sendable {
    let warden: WardenHarness
    let root: WardenHarness.Credentials
    let label: String

    func require(_ operation: String, _ body: [String: any Sendable] = [:]) async throws -> WardenHarness.JSONReply {
        let reply = await warden.json(operation, body, as: root)
        guard reply.status == 200 else { throw BenchError(description: "\(operation): \(reply.status) \(reply.body)") }
        return reply
    }

    /// A Query call as `credentials` (the management account's root when nil).
    func requireQuery(_ action: String, _ parameters: [String: String], as credentials: WardenHarness.Credentials?, service: String = "iam")
        async throws -> WardenHarness.Reply
    {
        let reply = await warden.call(
            action, parameters, as: credentials ?? root, service: service, version: service == "sts" ? "2011-06-15" : "2010-05-08")
        guard reply.status == 200 else { throw BenchError(description: "\(action): \(reply)") }
        return reply
    }

    func count(_ query: PostgresQuery) async throws -> Int {
        for try await value in try await warden.client.query(query, logger: warden.logger).decode(Int.self) { return value }
        return 0
    }
}

/// A principal of a member account: an IAM user made through the account's OrganizationAccountAccessRole.
struct Reader: Sendable {
    let accountID: String
    let userID: String
    let credentials: WardenHarness.Credentials
}

/// What seeding made: the root and the OUs by level, the accounts (in creation order), the deep account and
/// the OU whose allow-list bounds it.
struct Organization: Sendable {
    let levels: [[String]]
    let accounts: [String]
    let allowListed: String
    let deepAccount: String
    var depth: Int { levels.count - 1 }
}

func seed(_ shape: Shape, _ warden: Manager) async throws -> Organization {
    let clock = ContinuousClock()
    var started = clock.now
    func lap(_ what: String) {
        say("  seeded \(what) in \(String(format: "%.1f", micros(clock.now - started) / 1e6)) s")
        started = clock.now
    }
    let organizationID = try await warden.require("CreateOrganization", ["FeatureSet": "ALL"]).string("Organization.Id") ?? ""
    let root = try await warden.require("ListRoots").list("Roots").first?["Id"] as? String ?? ""
    _ = try await warden.require("EnablePolicyType", ["RootId": root, "PolicyType": "SERVICE_CONTROL_POLICY"])

    // The OU tree, level by level; every OU gets FullAWSAccess as AWS attaches it.
    var levels: [[String]] = [[root]]
    for (index, count) in shape.unitsPerLevel.enumerated() {
        let parents = levels[index]
        var level: [String] = []
        for i in 0..<count {
            let reply = try await warden.require(
                "CreateOrganizationalUnit", ["ParentId": parents[i % parents.count], "Name": "ou-\(index + 1)-\(i)"])
            level.append(reply.string("OrganizationalUnit.Id") ?? "")
        }
        levels.append(level)
    }
    let units = levels.dropFirst().flatMap { $0 }
    lap("\(units.count) OUs")

    // The accounts: CreateAccount requests, finished by the worker, then moved into the OUs round-robin.
    for i in 0..<shape.accounts {
        _ = try await warden.require("CreateAccount", ["AccountName": "account-\(i)", "Email": "\(shape.label)-account-\(i)@example.com"])
    }
    while try await warden.count("SELECT count(*)::int8 FROM org_create_account_requests WHERE state = 'IN_PROGRESS'") > 0 {
        try await Task.sleep(for: .milliseconds(200))
    }
    var failures: [String] = []
    for try await reason in try await warden.warden.client.query(
        "SELECT failure_reason FROM org_create_account_requests WHERE state = 'FAILED'", logger: warden.warden.logger
    ).decode(String.self) { failures.append(reason) }
    guard failures.isEmpty else { throw BenchError(description: "CreateAccount requests failed: \(failures)") }
    var accounts: [String] = []
    for try await id in try await warden.warden.client.query(
        """
        SELECT account_id FROM org_create_account_requests WHERE organization_id = \(organizationID)
        ORDER BY substring(account_name from 9)::int
        """, logger: warden.warden.logger
    ).decode(String.self) { accounts.append(id) }
    lap("\(accounts.count) accounts (CreateAccount)")
    // The deepest level's accounts first, so the deep account is one of them.
    let deepest = levels.last!
    let targets = deepest + units.filter { !deepest.contains($0) }
    for (i, account) in accounts.enumerated() {
        _ = try await warden.require("MoveAccount", ["AccountId": account, "SourceParentId": root, "DestinationParentId": targets[i % targets.count]])
    }
    lap("\(accounts.count) accounts moved (MoveAccount)")

    // The deep account: the first account under the deepest level's OU beneath the OU that gets the allow-list
    // (the first of the second level; the first OU in the small organization).
    let allowListed = levels.count > 2 ? levels[2].first! : levels[1].first!
    let deepUnit = try await deepestUnit(under: allowListed, levels: levels, warden)
    return Organization(levels: levels, accounts: accounts, allowListed: allowListed, deepAccount: accounts[targets.firstIndex(of: deepUnit)!])
}

/// SCPs at several levels, attached once the principals exist (the allow-list would refuse their creation): a
/// deny at the root; an allow-list replacing FullAWSAccess on `allowListed`; a conditional deny on 50 OUs of the
/// deepest level (the deep account's among them).
func attachGuardrails(_ organization: Organization, _ warden: Manager) async throws {
    func policy(_ name: String, _ content: String) async throws -> String {
        try await warden.require(
            "CreatePolicy", ["Name": name, "Description": name, "Type": "SERVICE_CONTROL_POLICY", "Content": content]
        ).string("Policy.PolicySummary.Id") ?? ""
    }
    let levels = organization.levels
    let deny = try await policy("deny-at-top", scpDenyAtTop)
    let allowList = try await policy("allow-list", scpAllowList)
    let denyDeep = try await policy("deny-ec2-outside-eu", scpDenyDeep)
    _ = try await warden.require("AttachPolicy", ["PolicyId": deny, "TargetId": levels[0][0]])
    _ = try await warden.require("AttachPolicy", ["PolicyId": allowList, "TargetId": organization.allowListed])
    _ = try await warden.require("DetachPolicy", ["PolicyId": "p-FullAWSAccess", "TargetId": organization.allowListed])
    if levels.count > 2 {
        for unit in levels.last!.prefix(50) { _ = try await warden.require("AttachPolicy", ["PolicyId": denyDeep, "TargetId": unit]) }
    }
}

/// The first OU of the deepest level beneath `unit` (found through ListParents, as a client would).
func deepestUnit(under unit: String, levels: [[String]], _ warden: Manager) async throws -> String {
    for candidate in levels.last! {
        var current = candidate
        while current != levels[0][0] {
            if current == unit { return candidate }
            current = try await warden.require("ListParents", ["ChildId": current]).list("Parents").first?["Id"] as? String ?? levels[0][0]
        }
    }
    throw BenchError(description: "no deepest OU beneath \(unit)")
}

/// An IAM user with GetUser allowed in each of `accounts`, made through the account's access role by an
/// administrator of the management account.
func readers(in accounts: [String], _ warden: Manager) async throws -> (readers: [Reader], admin: WardenHarness.Credentials) {
    _ = try await warden.requireQuery("CreateUser", ["UserName": "bench-admin"], as: nil)
    _ = try await warden.requireQuery(
        "AttachUserPolicy", ["UserName": "bench-admin", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"], as: nil)
    let key = try await warden.requireQuery("CreateAccessKey", ["UserName": "bench-admin"], as: nil)
    let admin = WardenHarness.Credentials(accessKeyID: key.value("AccessKeyId") ?? "", secretAccessKey: key.value("SecretAccessKey") ?? "")
    var readers: [Reader] = []
    for account in accounts {
        let assumed = try await warden.requireQuery(
            "AssumeRole", ["RoleArn": "arn:aws:iam::\(account):role/OrganizationAccountAccessRole", "RoleSessionName": "seed"], as: admin,
            service: "sts")
        let session = WardenHarness.Credentials(
            accessKeyID: assumed.value("AccessKeyId") ?? "", secretAccessKey: assumed.value("SecretAccessKey") ?? "",
            sessionToken: assumed.value("SessionToken"))
        let user = try await warden.requireQuery("CreateUser", ["UserName": "reader"], as: session)
        _ = try await warden.requireQuery(
            "PutUserPolicy", ["UserName": "reader", "PolicyName": "read", "PolicyDocument": readerPolicy], as: session)
        let key = try await warden.requireQuery("CreateAccessKey", ["UserName": "reader"], as: session)
        readers.append(
            Reader(
                accountID: account, userID: user.value("UserId") ?? "",
                credentials: .init(accessKeyID: key.value("AccessKeyId") ?? "", secretAccessKey: key.value("SecretAccessKey") ?? "")))
    }
    return (readers, admin)
}

/// The guardrails are live: the management account's administrator, in the deep account through its role, is
/// refused CreateUser by the allow-list (AdministratorAccess allows it).
func checkGuardrails(_ organization: Organization, admin: WardenHarness.Credentials, _ warden: Manager) async throws {
    let assumed = try await warden.requireQuery(
        "AssumeRole", ["RoleArn": "arn:aws:iam::\(organization.deepAccount):role/OrganizationAccountAccessRole", "RoleSessionName": "check"],
        as: admin, service: "sts")
    let session = WardenHarness.Credentials(
        accessKeyID: assumed.value("AccessKeyId") ?? "", secretAccessKey: assumed.value("SecretAccessKey") ?? "",
        sessionToken: assumed.value("SessionToken"))
    let refused = await warden.warden.call("CreateUser", ["UserName": "not-allowed"], as: session)
    guard refused.status == 403, refused.body.contains("service control policy") else {
        throw BenchError(description: "the SCPs do not bound the deep account: \(refused)")
    }
}

/// p50 and p99 of samples in µs.
struct Figures: CustomStringConvertible {
    var samples: [Double] = []
    var p50: Double { percentile(samples.sorted(), 0.5) }
    var p99: Double { percentile(samples.sorted(), 0.99) }
    var description: String { p50 >= 1000 ? "p50 \(format(p50 / 1000)) ms, p99 \(format(p99 / 1000)) ms" : "p50 \(format(p50)) µs, p99 \(format(p99)) µs" }
}

/// The authorization step exactly as the pipeline runs it for a reader's GetUser (the caller's policy set, the
/// guardrail chain of its account, the request context with the global and organization keys, the decision).
struct AuthorizationStep {
    let context: OperationContext
    let resource: String

    init(_ reader: Reader, connection: PostgresConnection, _ warden: WardenHarness) {
        let caller = Caller(
            accountID: reader.accountID, kind: .user(userID: reader.userID, name: "reader", path: "/"), accessKeyID: reader.credentials.accessKeyID)
        context = OperationContext(
            caller: caller, requestID: "bench", logger: warden.logger, now: Date(),
            transaction: StoreTransaction(connection: connection, logger: warden.logger), environment: warden.environment, region: "us-east-1")
        resource = "arn:aws:iam::\(reader.accountID):user/reader"
    }

    func decide() async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try await context.requirePermission("iam:GetUser", on: resource, protocol: IAM.protocol)
        return micros(clock.now - start)
    }
}

/// Warm and cold authorization steps and whole calls of each reader, in alternation (rounds of 500 calls).
func measureInProcess(_ readers: [Reader], _ warden: WardenHarness) async throws -> [(warm: Figures, cold: Figures, call: Figures)] {
    try await warden.client.withConnection { connection in
        let steps = readers.map { AuthorizationStep($0, connection: connection, warden) }
        var results = readers.map { _ in (warm: Figures(), cold: Figures(), call: Figures()) }
        for step in steps { for _ in 0..<1_000 { _ = try await step.decide() } }
        for _ in 0..<(calls / 500) {
            for (index, step) in steps.enumerated() {
                for _ in 0..<500 { results[index].warm.samples.append(try await step.decide()) }
            }
        }
        // Cold: what an organization change does (every account's entries dropped), then the first decision,
        // which reads the principal's policy set and the guardrail chain from the database.
        for _ in 0..<min(calls, 2_000) {
            for (index, step) in steps.enumerated() {
                warden.environment.caches.invalidate(account: "*")
                results[index].cold.samples.append(try await step.decide())
            }
        }
        let clock = ContinuousClock()
        for round in 0..<(calls / 500 + 1) {
            for (index, reader) in readers.enumerated() {
                for _ in 0..<500 {
                    let start = clock.now
                    let reply = await warden.call("GetUser", [:], as: reader.credentials)
                    guard reply.status == 200 else { throw BenchError(description: "GetUser as the reader: \(reply)") }
                    if round > 0 { results[index].call.samples.append(micros(clock.now - start)) }
                }
            }
        }
        return results
    }
}

/// The server's resident memory, in MiB.
func residentMiB(_ pid: Int32) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return -1 }
    let kib = Double(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    return kib / 1024
}

func presignedPath(_ reader: Reader, port: Int) -> String {
    let request = AWSHTTPRequest(method: "GET", target: "/?Action=GetUser&Version=2010-05-08", headers: [("Host", "127.0.0.1:\(port)")])
    let signed = SigV4Signer(
        accessKeyID: reader.credentials.accessKeyID, secretAccessKey: reader.credentials.secretAccessKey, region: "us-east-1", service: "iam"
    ).presign(request, date: Date(), expires: 3600)
    return signed.path + "?" + signed.query
}

func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

/// wrk's summary lines of interest.
func wrk(_ paths: URL, port: Int, threads: Int, connections: Int, duration: String) throws -> String {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../http/paths.lua").standardized.path
    let output = try run(
        ["wrk", "-t\(threads)", "-c\(connections)", "-d\(duration)", "--latency", "-s", script, "http://127.0.0.1:\(port)"],
        environment: ["PATHS_FILE": paths.path, "WRK_THREADS": "\(threads)"])
    return output.split(separator: "\n").filter {
        $0.contains("Requests/sec") || $0.contains(" 50%") || $0.contains(" 99%") || $0.contains("Non-2xx") || $0.contains("Socket errors")
    }.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "; ")
}

func get(_ path: String, port: Int) async throws -> Int {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
    request.timeoutInterval = 10
    let (_, response) = try await URLSession.shared.data(for: request)
    return (response as? HTTPURLResponse)?.statusCode ?? 0
}

func measureServed(_ deep: [(label: String, reader: Reader)], calling: [Reader], endpoint: DatabaseEndpoint, masterKey: MasterKey) async throws {
    let port = Int.random(in: 20000...45000)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-org-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let server = Process()
    server.executableURL = URL(fileURLWithPath: wardenBinary)
    server.arguments = [
        "serve", "--port", "\(port)", "--data-dir", directory.path, "--database-url", WardenHarness.databaseURL(endpoint), "--log-level", "error",
    ]
    server.environment = ProcessInfo.processInfo.environment.merging(["WARDEN_MASTER_KEY": masterKey.base64]) { _, new in new }
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer { if server.isRunning { server.terminate(); server.waitUntilExit() } }
    var up = false
    for _ in 0..<240 where !up {
        up = (try? await get("/health", port: port)) == 200
        if !up { try await Task.sleep(for: .milliseconds(250)) }
    }
    guard up else { throw BenchError(description: "warden serve (\(wardenBinary)) did not start") }
    try await Task.sleep(for: .seconds(1))
    let pid = server.processIdentifier
    say("server RSS after start on the seeded database: \(format(residentMiB(pid))) MiB")

    var paths: [String: URL] = [:]
    for (label, reader) in deep {
        let path = presignedPath(reader, port: port)
        guard try await get(path, port: port) == 200 else { throw BenchError(description: "presigned GetUser refused") }
        paths[label] = directory.appendingPathComponent("\(label).paths")
        try (path + "\n").write(to: paths[label]!, atomically: true, encoding: .utf8)
    }
    for round in 1...2 {
        for (label, _) in deep {
            say("wrk GetUser, \(label) organization's deep reader, -t1 -c1 -d5s (round \(round)): \(try wrk(paths[label]!, port: port, threads: 1, connections: 1, duration: "5s"))")
        }
    }
    say("server RSS with both deep accounts' caches warm: \(format(residentMiB(pid))) MiB")

    // A first call from each of many accounts: each leaves its key, policy set and guardrail chain in the caches.
    var first = Figures()
    let clock = ContinuousClock()
    for (index, reader) in calling.enumerated() {
        let path = presignedPath(reader, port: port)
        let start = clock.now
        let status = try await get(path, port: port)
        first.samples.append(micros(clock.now - start))
        guard status == 200 else { throw BenchError(description: "GetUser in \(reader.accountID) answered \(status)") }
        if [1_000, calling.count].contains(index + 1) {
            say("first GetUser from each of \(index + 1) accounts of the large organization (nothing of theirs cached; sequential, URLSession): \(first)")
            say("server RSS after a GetUser from each of \(index + 1) accounts: \(format(residentMiB(pid))) MiB")
        }
    }
    for (label, _) in deep {
        say("wrk GetUser, \(label) organization's deep reader, -t2 -c32 -d\(wrkDuration): \(try wrk(paths[label]!, port: port, threads: 2, connections: 32, duration: wrkDuration))")
    }
    say("server RSS after the loaded runs (32 connections): \(format(residentMiB(pid))) MiB")
}

try await WardenHarness.withServable { warden, endpoint, masterKey in
    var deep: [(label: String, reader: Reader)] = []
    var calling: [Reader] = []
    // The small organization belongs to a second, standalone account.
    let second = try await AccountSignUp(client: warden.client, sealer: SecretSealer(masterKey: masterKey))
        .run(name: "small-organization", email: "small-organization@example.com", logger: warden.logger)
    let managers = [
        (large, Manager(warden: warden, root: warden.root, label: "large")),
        (small, Manager(warden: warden, root: .init(accessKeyID: second.accessKeyID, secretAccessKey: second.secretAccessKey), label: "small")),
    ]
    for (shape, manager) in managers {
        say("== seeding the \(shape.label) organization: \(shape.name)")
        let organization = try await seed(shape, manager)
        // The deep account first; then accounts spread over the organization, to fill the caches.
        var accounts = [organization.deepAccount]
        let stride = max(1, organization.accounts.count / shape.callingAccounts)
        for (i, account) in organization.accounts.enumerated() where i % stride == 0 && account != organization.deepAccount {
            if accounts.count < shape.callingAccounts { accounts.append(account) }
        }
        let clock = ContinuousClock()
        let started = clock.now
        let (readers, admin) = try await readers(in: accounts, manager)
        say("  seeded \(readers.count) readers (AssumeRole into each account, CreateUser, PutUserPolicy, CreateAccessKey) in \(String(format: "%.1f", micros(clock.now - started) / 1e6)) s")
        try await attachGuardrails(organization, manager)
        try await checkGuardrails(organization, admin: admin, manager)
        say("  deep account \(organization.deepAccount) at level \(organization.depth) (its SCP chain: \(organization.depth + 2) nodes)")
        deep.append((shape.label, readers[0]))
        if shape.label == "large" { calling = Array(readers.dropFirst()) }
    }
    let tables = ["accounts", "org_accounts", "org_units", "org_policy_attachments", "iam_roles", "iam_users", "iam_policy_attachments"]
    var sizes: [String] = []
    for table in tables { sizes.append("\(table) \(try await managers[0].1.count("SELECT count(*)::int8 FROM \(unescaped: table)"))") }
    say("rows: \(sizes.joined(separator: ", "))")

    try await Task.sleep(for: .milliseconds(300))
    say("== in process, alternating between the organizations")
    let results = try await measureInProcess(deep.map(\.reader), warden)
    for ((label, _), result) in zip(deep, results) {
        say("\(label): authorization step warm (policy set and guardrails cached): \(result.warm)")
        say("\(label): authorization step cold (first decision after an organization change): \(result.cold)")
        say("\(label): GetUser whole call in process (warm): \(result.call)")
    }
    if FileManager.default.isExecutableFile(atPath: wardenBinary) {
        say("== end to end (release warden serve on the same database)")
        try await measureServed(deep, calling: calling, endpoint: endpoint, masterKey: masterKey)
    } else {
        say("(no \(wardenBinary): build it with `swift build -c release --product warden` in the main package for the end-to-end figures)")
    }
}
