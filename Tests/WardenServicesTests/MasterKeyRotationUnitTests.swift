import Foundation
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

/// `MasterKeyRotation` on a database (MasterKeyRotationTests in WardenInteropTests runs it across replicas):
/// a value no key opens changes nothing, and a finished rotation leaves every value under the new key.
@Suite struct MasterKeyRotationUnitTests {
    let logger = TestDatabaseServer.shared.logger

    func rotate(_ masterKey: MasterKey, _ client: PostgresClient) async throws -> MasterKeyRotation.Report {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await MasterKeyRotation(masterKey: masterKey).run(StoreTransaction(connection: connection, logger: logger))
            }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    func sealedValues(_ client: PostgresClient) async throws -> [[UInt8]] {
        try await client.withConnection { connection in
            try await SealedValueRepository.lockAll(StoreTransaction(connection: connection, logger: logger)).map(\.sealed)
        }
    }

    @Test func aValueNoKeyOpensChangesNothingAndARotationLeavesEveryValueUnderTheNewKey() async throws {
        try await withMigratedDatabase { _, client in
            let old = MasterKey.generate()
            let new = MasterKey.generate()
            try await MasterKeyCheck(credentials: CredentialRepository(client: client), masterKey: old).run(logger: logger)
            let root = try #require(try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: old).run(.init(), logger: logger))
            let before = try await sealedValues(client)

            let error = await #expect(throws: MasterKeyRotationError.self) { try await rotate(new, client) }
            #expect(error == .cannotOpen(.accessKeySecret(accessKeyID: root.accessKeyID, accountID: root.accountID, userID: nil)))
            #expect(try await sealedValues(client) == before, "a failed rotation changes nothing")

            let report = try await rotate(new.opening(also: [old]), client)
            #expect(report == MasterKeyRotation.Report(resealed: before.count, alreadyCurrent: 0))
            let after = try await sealedValues(client)
            #expect(after.allSatisfy { SecretSealer.masterKeyID(of: $0) == new.id })
            let stored = try #require(try await CredentialRepository(client: client).accessKey(id: root.accessKeyID, logger: logger))
            let binding = SecretBinding(accessKeyID: root.accessKeyID, accountID: root.accountID, userID: nil)
            #expect(try SecretSealer(masterKey: new).open(stored.sealedSecret, binding: binding) == root.secretAccessKey)
            try await MasterKeyCheck(credentials: CredentialRepository(client: client), masterKey: new).run(logger: logger)
            #expect(try await rotate(new, client) == MasterKeyRotation.Report(resealed: 0, alreadyCurrent: before.count))
        }
    }
}
