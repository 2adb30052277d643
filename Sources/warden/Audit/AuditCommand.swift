import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import WardenAWS
import WardenStore

/// `warden audit`: check the trail's chains, and export it in CloudTrail's delivery format.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and export the audit trail.",
        discussion: """
            Every call Warden answers is recorded in PostgreSQL as the event CloudTrail would deliver, chained per \
            account: each event's hash covers its content and the previous event's hash. `verify` recomputes every \
            chain and names each event that was edited, deleted, inserted or moved. `export` writes CloudTrail's \
            delivery format (gzipped {"Records": [...]} files under AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/).
            """,
        subcommands: [Verify.self, Export.self, Maintain.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every account's chain of events; exit 1 naming each break.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let report = try await AuditCommand.withSnapshot(database) { transaction in
                try await AuditTrailVerifier.verify(transaction)
            }
            for chainBreak in report.breaks { print(chainBreak) }
            if report.breaks.isEmpty {
                print("audit trail intact: \(report.events) events in \(report.chains) chains")
            } else {
                print("audit trail BROKEN: \(report.breaks.count) break(s) in \(report.events) events of \(report.chains) chains")
                throw ExitCode.failure
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the events of a time range as CloudTrail log files (one per account, region and hour).")
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("start"), help: "First instant exported, ISO 8601 (e.g. 2026-12-01T00:00:00Z). (default: 24 hours ago)")
        var start: String?
        @Option(name: .customLong("end"), help: "Instant the export stops before, ISO 8601. (default: now)")
        var end: String?
        @Option(name: .customLong("output"), help: "Directory the AWSLogs/ tree is written under.")
        var output: String

        func run() async throws {
            let endDate = try end.map(Self.date) ?? Date()
            let startDate = try start.map(Self.date) ?? endDate.addingTimeInterval(-86_400)
            guard startDate < endDate else { throw ValidationError("--start must be before --end") }
            let writer = CloudTrailLogWriter(root: URL(fileURLWithPath: output))
            let (events, files) = try await AuditCommand.withSnapshot(database) { transaction in
                var after: (time: Int64, eventID: UUID)?
                var count = 0
                while true {
                    let page = try await AuditRepository.events(from: startDate, to: endDate, after: after, limit: 5_000, transaction)
                    for stored in page { try writer.add(stored.event) }
                    count += page.count
                    guard page.count == 5_000, let last = page.last else { break }
                    after = (last.event.timeMicroseconds, last.event.eventID)
                }
                return (count, try writer.finish())
            }
            print("exported \(events) events to \(files) files under \(output)/AWSLogs")
        }

        static func date(_ text: String) throws -> Date {
            if let date = AWSTimestamp.parseISO8601(text) { return date }
            throw ValidationError("'\(text)' is not an ISO 8601 time (e.g. 2026-12-01T00:00:00Z)")
        }
    }

    struct Maintain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the next days' partitions and drop the days past retention (what the server does hourly).",
            discussion: """
                For deployments where the server's database role may only insert and read events: run this as the \
                role that owns audit_events (e.g. daily from cron).
                """)
        @OptionGroup var database: DatabaseOptions
        @Option(name: .customLong("retention-days"), help: "Days of events kept; 0 keeps every event. (default: 365)")
        var retentionDays: Int = 365

        func run() async throws {
            guard retentionDays >= 0 else { throw ValidationError("--retention-days must be 0 or more") }
            let now = Date()
            let logger = Console.logger(level: try database.resolvedLogLevel())
            let (made, dropped) = try await database.withDatabase(logger: logger) { endpoint in
                try await endpoint.withConnection(logger: logger) { connection in
                    try await connection.withTransaction(logger: logger) { connection in
                        try await AuditPartitions.maintain(
                            now: now, retentionDays: retentionDays == 0 ? nil : retentionDays, StoreTransaction(connection: connection, logger: logger))
                    }
                }
            }
            print("partitions made: \(made.isEmpty ? "none" : made.joined(separator: ", "))")
            print("partitions dropped: \(dropped.isEmpty ? "none" : dropped.joined(separator: ", "))")
        }
    }

    /// Runs `body` in one repeatable-read, read-only transaction: one consistent view of the whole trail.
    static func withSnapshot<Result: Sendable>(_ database: DatabaseOptions, _ body: (StoreTransaction) async throws -> Result) async throws -> Result {
        let logger = Console.logger(level: try database.resolvedLogLevel())
        do {
            return try await database.withDatabase(logger: logger) { endpoint in
                try await endpoint.withConnection(logger: logger) { connection in
                    try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                    let result = try await body(StoreTransaction(connection: connection, logger: logger))
                    try await connection.query("COMMIT", logger: logger)
                    return result
                }
            }
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            logger.critical("\(String(reflecting: error))")
            throw ExitCode.failure
        }
    }
}
