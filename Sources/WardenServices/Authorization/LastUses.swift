public import Foundation
import PostgresNIO

/// A use of a long-term access key (`GetAccessKeyLastUsed`, the credential report).
public struct AccessKeyUse: Sendable, Hashable {
    public let date: Date
    public let service: String
    public let region: String
}

/// A use of a role: a session issued for it (`RoleLastUsed`).
public struct RoleUse: Sendable, Hashable {
    public let date: Date
    public let region: String
}

extension LastUseRecorder where Use == AccessKeyUse {
    /// Access keys' last use, written to `access_keys`.
    static func accessKeys(client: PostgresClient) -> LastUseRecorder {
        LastUseRecorder { ids, uses, logger in
            let (dates, services, regions) = (uses.map(\.date), uses.map(\.service), uses.map(\.region))
            try await client.query(
                """
                UPDATE access_keys k SET last_used_at = u.date, last_used_service = u.service, last_used_region = u.region
                FROM unnest(\(ids)::text[], \(dates)::timestamptz[], \(services)::text[], \(regions)::text[]) AS u(id, date, service, region)
                WHERE k.access_key_id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.date)
                """,
                logger: logger)
        }
    }
}

extension LastUseRecorder where Use == RoleUse {
    /// Roles' last use, written to `iam_roles` (AWS too reports it with a delay).
    static func roles(client: PostgresClient) -> LastUseRecorder {
        LastUseRecorder { ids, uses, logger in
            let (dates, regions) = (uses.map(\.date), uses.map(\.region))
            try await client.query(
                """
                UPDATE iam_roles r SET last_used_at = u.date, last_used_region = u.region
                FROM unnest(\(ids)::text[], \(dates)::timestamptz[], \(regions)::text[]) AS u(id, date, region)
                WHERE r.role_id = u.id AND (r.last_used_at IS NULL OR r.last_used_at < u.date)
                """,
                logger: logger)
        }
    }
}
