import Foundation
import PostgresNIO
import Testing
import WardenTestSupport

/// Cached policy sets never outlive a change: the listener invalidates on commit.
@Suite struct PolicyCacheTests {
    @Test func aRevokedPermissionIsRefusedOnTheNextCall() async throws {
        try await WardenHarness.with(cachingPolicies: true) { warden in
            let reader = try await warden.user(
                "reader", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#)
            // Let the listener start, then warm the cache.
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<3 { #expect(await warden.call("ListUsers", [:], as: reader).status == 200) }
            #expect(await warden.call("DeleteUserPolicy", ["UserName": "reader", "PolicyName": "inline"]).status == 200)
            #expect(await warden.call("ListUsers", [:], as: reader).errorCode == "AccessDenied")
            let deny = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#
            #expect(await warden.call("PutUserPolicy", ["UserName": "reader", "PolicyName": "again", "PolicyDocument": deny]).status == 200)
            #expect(await warden.call("ListUsers", [:], as: reader).status == 200)
        }
    }

    @Test func aChangeCommittedElsewhereReachesTheCacheThroughNotifications() async throws {
        try await WardenHarness.with(cachingPolicies: true) { warden in
            let reader = try await warden.user(
                "reader", policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}"#)
            try await Task.sleep(for: .milliseconds(200))
            #expect(await warden.call("ListUsers", [:], as: reader).status == 200)
            // Another replica's change: written straight to the database, announced only by its notification.
            try await warden.client.query("DELETE FROM iam_inline_policies WHERE name = 'inline'")
            try await warden.client.query("SELECT pg_notify('warden_policies', '111122223333')")
            try await Task.sleep(for: .milliseconds(200))
            #expect(await warden.call("ListUsers", [:], as: reader).errorCode == "AccessDenied")
        }
    }
}
