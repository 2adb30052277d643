import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import WardenServices
import WardenStore

/// Keeps the audit trail going while the server runs: writes queued events, makes each day's partition a
/// week ahead, and drops the days older than the retention period. At shutdown the last queued events are
/// written after the HTTP server stopped taking requests.
struct AuditService: Service {
    let environment: ServiceEnvironment
    let retentionDays: Int?
    let logger: Logger
    /// How often partitions are made and retention applied.
    var maintenanceInterval: Duration = .seconds(3600)

    func run() async throws {
        let (audit, logger) = (environment.audit, logger)
        await cancelWhenGracefulShutdown {
            async let written: Void = audit.run(logger: logger)
            async let maintained: Void = maintain()
            _ = await (written, maintained)
        }
    }

    private func maintain() async {
        while !Task.isCancelled {
            await maintainOnce()
            try? await Task.sleep(for: maintenanceInterval)
        }
    }

    func maintainOnce() async {
        let now = environment.clock()
        do {
            let (made, dropped) = try await environment.client.withStoreTransaction(logger: logger) { transaction in
                try await AuditPartitions.maintain(now: now, retentionDays: retentionDays, transaction)
            }
            if !made.isEmpty { logger.debug("audit partitions made", metadata: ["warden.partitions": "\(made)"]) }
            if !dropped.isEmpty { logger.notice("audit partitions past retention dropped", metadata: ["warden.partitions": "\(dropped)"]) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42501" {
            logger.warning(
                "the server's database role may not make or drop audit partitions: run `warden audit maintain` daily as the role that owns audit_events")
        } catch {
            if !Task.isCancelled {
                logger.warning("audit partition maintenance failed; retried later", metadata: ["warden.error": "\(String(reflecting: error))"])
            }
        }
    }
}
