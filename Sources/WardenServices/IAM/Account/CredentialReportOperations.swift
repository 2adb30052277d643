import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// The credential report: one CSV line per user (the root user first) on passwords, access keys and MFA.
/// Warden builds it at once, in the generating call's transaction; like AWS it answers `STARTED` when it
/// starts a new report and `COMPLETE` while the last one is fresh (under four hours old).
extension IAM.GenerateCredentialReport: ServiceOperation {
    public static let action: RequiredAction = "iam:GenerateCredentialReport"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if let existing = try await call.accountSettings.credentialReport(), call.now.timeIntervalSince(existing.generatedAt) < CredentialReport.lifetime {
            return Output(state: "COMPLETE")
        }
        let content = try await CredentialReport.build(call)
        try await call.accountSettings.setCredentialReport(Array(content.utf8), generatedAt: call.now.wholeSeconds)
        return Output(state: "STARTED", description: "No report exists. Starting a new report generation task")
    }
}

extension IAM.GetCredentialReport: ServiceOperation {
    public static let action: RequiredAction = "iam:GetCredentialReport"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let report = try await call.accountSettings.credentialReport() else {
            throw IAM.Errors.reportNotPresent("Credential report not present. Use GenerateCredentialReport to generate a report.")
        }
        guard call.now.timeIntervalSince(report.generatedAt) < CredentialReport.lifetime else {
            throw IAM.Errors.reportExpired("The credential report has expired. Use GenerateCredentialReport to generate a new report.")
        }
        return Output(content: Data(report.content), reportFormat: "text/csv", generatedTime: report.generatedAt)
    }
}

/// The report's columns and rows, in AWS's exact format.
enum CredentialReport {
    /// AWS regenerates a report older than four hours.
    static let lifetime: TimeInterval = 4 * 3600

    static let header = [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
        "password_next_rotation", "mfa_active",
        "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
        "access_key_1_last_used_region", "access_key_1_last_used_service",
        "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service",
        "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
    ]

    static func build(_ call: OperationContext) async throws -> String {
        let keys = try await call.accessKeys.all()
        let profiles = try await call.loginProfiles.all()
        let policy = try await call.accountSettings.passwordPolicy()
        let mfaUsers = Set(try await call.mfaDevices.list(assigned: true).compactMap(\.userID))
        var lines = [header.joined(separator: ",")]
        let root: [String] = [
            "<root_account>", call.arn.root, time(try await call.accountCreationDate()), "not_supported", "no_information",
            "not_supported", "not_supported", "false",
        ]
        lines.append((root + keyColumns(keys.filter { $0.userID == nil }, call) + certificateColumns).joined(separator: ","))
        for user in try await call.users.all() {
            let profile = profiles[user.userID]
            var row = [user.name, user.arn, time(user.createdAt), profile == nil ? "false" : "true"]
            row.append(profile == nil ? "N/A" : user.passwordLastUsed.map(time) ?? "no_information")
            row.append(profile.map { time($0.passwordChangedAt) } ?? "N/A")
            if let profile, let days = policy?.maxAge {
                row.append(time(profile.passwordChangedAt.addingTimeInterval(TimeInterval(days) * 86400)))
            } else {
                row.append("N/A")
            }
            row.append(mfaUsers.contains(user.userID) ? "true" : "false")
            row += keyColumns(keys.filter { $0.userID == user.userID }, call)
            row += certificateColumns
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// The five columns of each of the first two keys (oldest first).
    static func keyColumns(_ keys: [AccessKeyDetails], _ call: OperationContext) -> [String] {
        var columns: [String] = []
        for index in 0..<2 {
            guard index < keys.count else {
                columns += ["false", "N/A", "N/A", "N/A", "N/A"]
                continue
            }
            let key = keys[index]
            let used = AccessKeyUsage.lastUsed(key, call)
            columns += [
                key.status == "Active" ? "true" : "false", time(key.createdAt), used.lastUsedDate.map(time) ?? "N/A", used.region,
                used.serviceName,
            ]
        }
        return columns
    }

    static let certificateColumns = ["false", "N/A", "false", "N/A"]

    /// ISO 8601 with an explicit UTC offset, as AWS writes report times (`2014-10-16T23:24:58+00:00`).
    static func time(_ date: Date) -> String {
        let text = date.wholeSeconds.formatted(.iso8601)
        return text.hasSuffix("Z") ? String(text.dropLast()) + "+00:00" : text
    }

    /// CSV quoting for the rare field that needs it (names never do; ARNs with paths never contain commas).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
