import Foundation
import Logging
import PostgresNIO
import Testing
import WardenAWS
import WardenServices
import WardenStore
import WardenTestSupport

@Suite struct FirstStartTests {
    let logger = TestDatabaseServer.shared.logger

    @Test func createsOneAccountOnceAndLaterStartsChangeNothing() async throws {
        try await withMigratedDatabase { _, client in
            let firstStart = FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: .generate())
            let created = try #require(try await firstStart.run(.init(), logger: logger))
            #expect(created.generated)
            #expect(AWSIdentifier.accountID.isValid(created.accountID))
            #expect(AWSIdentifier.accessKeyID.isValid(created.accessKeyID))
            #expect(created.secretAccessKey.count == 40)
            #expect(try await firstStart.run(.init(), logger: logger) == nil)
            #expect(try await client.strings("SELECT account_id FROM accounts", logger) == [created.accountID])
            #expect(try await client.strings("SELECT access_key_id FROM access_keys", logger) == [created.accessKeyID])
        }
    }

    @Test func concurrentFirstStartsCreateOneAccount() async throws {
        try await withMigratedDatabase { _, client in
            let firstStart = FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: .generate())
            let logger = self.logger
            let results = try await withThrowingTaskGroup(of: FirstStart.RootCredentials?.self) { group in
                for _ in 0..<5 { group.addTask { try await firstStart.run(.init(), logger: logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.compactMap { $0 }.count == 1)
            #expect(try await client.strings("SELECT account_id FROM accounts", logger).count == 1)
        }
    }

    @Test func usesTheOperatorsChoices() async throws {
        try await withMigratedDatabase { _, client in
            let choices = FirstStart.Choices(
                accountID: "123456789012",
                rootAccessKeyID: "AKIAWARDENEXAMPLE001",
                rootSecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
            )
            let created = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: .generate()).run(choices, logger: logger)
            )
            #expect(created.accountID == "123456789012")
            #expect(created.accessKeyID == "AKIAWARDENEXAMPLE001")
            #expect(created.secretAccessKey == choices.rootSecretAccessKey)
            #expect(!created.generated)
        }
    }

    @Test(arguments: [
        FirstStart.Choices(accountID: "12345"),
        FirstStart.Choices(rootAccessKeyID: "akia-lower", rootSecretAccessKey: "x".padding(toLength: 40, withPad: "x", startingAt: 0)),
        FirstStart.Choices(rootAccessKeyID: "AKIAWARDENEXAMPLE001"),
        FirstStart.Choices(rootAccessKeyID: "AKIAWARDENEXAMPLE001", rootSecretAccessKey: "has spaces in it, which no secret has"),
    ])
    func refusesUnusableChoicesBeforeWritingAnything(_ choices: FirstStart.Choices) async throws {
        try await withMigratedDatabase { _, client in
            await #expect(throws: FirstStartError.self) {
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: .generate()).run(choices, logger: logger)
            }
            let accounts = try await client.strings("SELECT account_id FROM accounts", logger)
            #expect(accounts.isEmpty)
        }
    }

    @Test func secretsAreSealedAtRest() async throws {
        try await withMigratedDatabase { _, client in
            let created = try #require(
                try await FirstStart(bootstrap: BootstrapRepository(client: client), masterKey: .generate()).run(.init(), logger: logger)
            )
            let stored = try #require(try await CredentialRepository(client: client).accessKey(id: created.accessKeyID, logger: logger))
            let sealed = String(decoding: stored.sealedSecret, as: UTF8.self)
            #expect(!sealed.contains(created.secretAccessKey))
            #expect(stored.sealedSecret.count > created.secretAccessKey.utf8.count)
            #expect(stored.owner == nil, "the first key is the root user's")
        }
    }

    @Test func anotherMasterKeyIsRefusedAtStart() async throws {
        try await withMigratedDatabase { _, client in
            let credentials = CredentialRepository(client: client)
            let key = MasterKey.generate()
            try await MasterKeyCheck(credentials: credentials, masterKey: key).run(logger: logger)
            try await MasterKeyCheck(credentials: credentials, masterKey: key).run(logger: logger)
            await #expect(throws: FirstStartError.masterKeyMismatch) {
                try await MasterKeyCheck(credentials: credentials, masterKey: .generate()).run(logger: logger)
            }
        }
    }
}

extension PostgresClient {
    func strings(_ sql: String, _ logger: Logger) async throws -> [String] {
        var values: [String] = []
        for try await value in try await query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) {
            values.append(value)
        }
        return values
    }
}
