import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// A master-key rotation as README § Master key rotation runs it on two replicas: each opens under both keys
/// while one still seals under the old key and the other under the new; `warden keys rotate-master` reseals
/// everything; then a server with the new key alone accepts every key and session made before, and one with
/// the old key alone refuses to start.
@Suite struct MasterKeyRotationTests {
    typealias Object = [String: Any]

    static func aws(_ arguments: [String], _ environment: [String: String]) async throws -> Object {
        let result = try await Clients.run(["aws"] + arguments + ["--output", "json"], environment: environment)
        try #require(result.status == 0, "aws \(arguments.joined(separator: " ")): \(result.error)")
        return (try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? Object ?? [:]
    }

    static func callerARN(_ environment: [String: String]) async throws -> String? {
        try await aws(["sts", "get-caller-identity"], environment)["Arn"] as? String
    }

    static func rotateMaster(_ database: DatabaseEndpoint, masterKey: MasterKey, openOnly: [MasterKey]) async throws -> Clients.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["WARDEN_MASTER_KEY"] = masterKey.base64
        environment["WARDEN_OPEN_ONLY_MASTER_KEYS"] = openOnly.isEmpty ? nil : openOnly.map(\.base64).joined(separator: ",")
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-rotate-\(UUID().uuidString)")
        return try await Clients.run(
            [WardenExecutable.url.path, "keys", "rotate-master", "--database-url", WardenHarness.databaseURL(database), "--data-dir", dataDirectory.path,
             "--log-level", "error"],
            environment: environment)
    }

    /// The master key id each stored secret names.
    static func sealingKeyIDs(_ client: PostgresClient) async throws -> [String?] {
        var ids: [String?] = []
        let rows = try await client.query(
            "SELECT sealed_secret FROM access_keys UNION ALL SELECT sealed_seed FROM iam_mfa_devices UNION ALL SELECT sealed_probe FROM master_key_check",
            logger: TestDatabaseServer.shared.logger)
        for try await sealed in rows.decode(ByteBuffer.self) { ids.append(SecretSealer.masterKeyID(of: Array(buffer: sealed))) }
        return ids
    }

    @Test func twoReplicasRotateTheMasterKeyWhileServing() async throws {
        try await Clients.requireInstalled()
        let logger = TestDatabaseServer.shared.logger
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-rotation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        try await withMigratedDatabase { endpoint, client in
            let old = MasterKey.generate()
            let new = MasterKey.generate()
            let root = try #require(try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: old).run(.init(), logger: logger))
            // Before: a user's key, an MFA device and a session, all under the old key.
            let before = try ServeProcess.start(database: endpoint, masterKey: old)
            defer { before.stop() }
            try await before.waitUntilHealthy()
            let asRoot = Clients.environment(endpoint: before.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            _ = try await Self.aws(["iam", "create-user", "--user-name", "alice"], asRoot)
            let aliceKey = try #require(try await Self.aws(["iam", "create-access-key", "--user-name", "alice"], asRoot)["AccessKey"] as? Object)
            _ = try await Self.aws(
                ["iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "alice-mfa", "--outfile", directory.appendingPathComponent("qr.png").path,
                 "--bootstrap-method", "QRCodePNG"], asRoot)
            let session = try #require(try await Self.aws(["sts", "get-session-token"], asRoot)["Credentials"] as? Object)
            try await Self.stopped(before)

            // Step 1: a replica that still seals under the old key opens under the new one too; step 2: one that
            // seals under the new key opens under the old one. Both serve at once.
            let sealingOld = try ServeProcess.start(database: endpoint, masterKey: old, openOnly: [new])
            defer { sealingOld.stop() }
            let sealingNew = try ServeProcess.start(database: endpoint, masterKey: new, openOnly: [old])
            defer { sealingNew.stop() }
            try await sealingOld.waitUntilHealthy()
            try await sealingNew.waitUntilHealthy()
            let bob = Clients.environment(endpoint: sealingNew.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            _ = try await Self.aws(["iam", "create-user", "--user-name", "bob"], bob)
            let bobKey = try #require(try await Self.aws(["iam", "create-access-key", "--user-name", "bob"], bob)["AccessKey"] as? Object)
            func environment(_ server: ServeProcess, _ key: Object, id: String = "AccessKeyId", secret: String = "SecretAccessKey") -> [String: String] {
                Clients.environment(endpoint: server.endpoint, accessKeyID: key[id] as? String ?? "", secret: key[secret] as? String ?? "")
            }
            #expect(try await Self.callerARN(environment(sealingOld, bobKey)) == "arn:aws:iam::\(root.accountID):user/bob")
            #expect(try await Self.callerARN(environment(sealingNew, aliceKey)) == "arn:aws:iam::\(root.accountID):user/alice")
            #expect(Set(try await Self.sealingKeyIDs(client)).count > 1, "both keys seal during the rotation")

            // Step 3: everything resealed under the new key, in one transaction, while both serve.
            let rotated = try await Self.rotateMaster(endpoint, masterKey: new, openOnly: [old])
            #expect(rotated.status == 0 && rotated.output.contains("resealed"), "\(rotated.output)\(rotated.error)")
            #expect(Set(try await Self.sealingKeyIDs(client)) == [new.id])
            let again = try await Self.rotateMaster(endpoint, masterKey: new, openOnly: [])
            #expect(again.status == 0 && again.output.contains("already were"), "\(again.output)\(again.error)")
            try await Self.stopped(sealingOld)
            try await Self.stopped(sealingNew)

            // Step 4: the new key alone opens everything made before; the old key alone no longer starts.
            let after = try ServeProcess.start(database: endpoint, masterKey: new)
            defer { after.stop() }
            try await after.waitUntilHealthy()
            let rootAfter = Clients.environment(endpoint: after.endpoint, accessKeyID: root.accessKeyID, secret: root.secretAccessKey)
            #expect(try await Self.callerARN(rootAfter) == "arn:aws:iam::\(root.accountID):root")
            #expect(try await Self.callerARN(environment(after, aliceKey)) == "arn:aws:iam::\(root.accountID):user/alice")
            #expect(try await Self.callerARN(environment(after, bobKey)) == "arn:aws:iam::\(root.accountID):user/bob")
            var asSession = environment(after, session, secret: "SecretAccessKey")
            asSession["AWS_SESSION_TOKEN"] = session["SessionToken"] as? String
            #expect(try await Self.callerARN(asSession) == "arn:aws:iam::\(root.accountID):root")
            let devices = try await Self.aws(["iam", "list-virtual-mfa-devices"], rootAfter)["VirtualMFADevices"] as? [Object]
            #expect(devices?.count == 1)
            try await Self.stopped(after)

            let oldOnly = try ServeProcess.start(database: endpoint, masterKey: old)
            defer { oldOnly.stop() }
            for _ in 0..<400 where oldOnly.process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!oldOnly.process.isRunning && oldOnly.process.terminationStatus != 0, "a server with the retired key alone must refuse to start")
        }
    }

    static func stopped(_ server: ServeProcess) async throws {
        server.stop()
        while server.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    }
}
