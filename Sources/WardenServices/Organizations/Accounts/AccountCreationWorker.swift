public import Foundation
public import Logging
import PostgresNIO
import Synchronization
import WardenStore

/// Finishes `CreateAccount` requests in the background, as AWS does, and completes account closures.
///
/// Each request is finished in one transaction that holds it (`FOR UPDATE SKIP LOCKED`, so replicas share
/// the work): the account is created under a savepoint; on a failure the savepoint is rolled back — nothing
/// of the account is left — and the request is marked `FAILED` with AWS's reason in the same transaction.
/// A request whose transaction died mid-way is still `IN_PROGRESS` with nothing half-made, and is finished
/// on the next round: every round (on start, then every `idle`) finishes every pending request.
public struct AccountCreationWorker: Sendable {
    public let environment: ServiceEnvironment
    /// The wait between rounds.
    public let idle: Duration
    /// How long a closed account stays `PENDING_CLOSURE` (as AWS shows right after `CloseAccount`) before
    /// the worker makes it `SUSPENDED`.
    public let closureDelay: TimeInterval

    public init(environment: ServiceEnvironment, idle: Duration = .milliseconds(500), closureDelay: TimeInterval = 2) {
        self.environment = environment
        self.idle = idle
        self.closureDelay = closureDelay
    }

    /// Works until cancelled: a round, then a wait of `idle` (a failed round is logged and retried).
    ///
    /// Rounds are polled rather than woken by `LISTEN`: a listening connection held across a database
    /// restart kept the worker from ever returning on shutdown, and a round costs one indexed query.
    public func run(logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await finishPending(logger: logger)
            } catch {
                if Task.isCancelled { break }
                logger.warning("account creation worker failed", metadata: ["warden.error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: idle)
        }
    }

    /// Finishes every pending request and every closure that is due; returns how many requests it finished.
    @discardableResult
    public func finishPending(logger: Logger) async throws -> Int {
        var finished = 0
        while try await finishNext(logger: logger) { finished += 1 }
        let due = environment.clock().addingTimeInterval(-closureDelay)
        _ = try await environment.client.withConnection { connection in
            try await AccountMembershipRepository.completeClosures(
                requestedBefore: due, transaction: StoreTransaction(connection: connection, logger: logger))
        }
        return finished
    }

    /// Finishes the oldest pending request no one else holds; false when there is none.
    func finishNext(logger: Logger) async throws -> Bool {
        try await environment.client.withTransaction(logger: logger) { connection in
            let transaction = StoreTransaction(connection: connection, logger: logger)
            let requests = CreateAccountRequestRepository(transaction: transaction)
            guard let request = try await requests.nextPending() else { return false }
            let now = environment.clock().wholeSeconds
            try await transaction.execute("SAVEPOINT account_creation")
            do {
                let accountID = try await AccountCreation.create(request, transaction: transaction, now: now)
                try await transaction.execute("RELEASE SAVEPOINT account_creation")
                try await requests.succeed(request.requestID, accountID: accountID, at: now)
                logger.info("account created", metadata: ["warden.request": "\(request.requestID)", "warden.account": "\(accountID)"])
            } catch {
                guard let reason = Self.failureReason(error) else { throw error }
                if reason == "INTERNAL_FAILURE" {
                    logger.error(
                        "account creation failed", metadata: ["warden.request": "\(request.requestID)", "warden.error": "\(String(reflecting: error))"])
                }
                try await transaction.execute("ROLLBACK TO SAVEPOINT account_creation")
                try await requests.fail(request.requestID, reason: reason, at: now)
            }
            return true
        }
    }

    /// AWS's failure reason for an error of the creation, or nil when the error is transient (a lost
    /// connection, a deadlock, a serialization failure, cancellation): the request stays pending and is
    /// tried again.
    static func failureReason(_ error: any Error) -> String? {
        if let failure = error as? AccountCreation.Failure { return failure.reason }
        if error is CancellationError { return nil }
        if let error = error as? PSQLError {
            guard let state = error.serverInfo?[.sqlState] else { return nil }
            return state.hasPrefix("40") || state.hasPrefix("57") || state.hasPrefix("08") ? nil : "INTERNAL_FAILURE"
        }
        return "INTERNAL_FAILURE"
    }
}
