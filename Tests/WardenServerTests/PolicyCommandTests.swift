import Foundation
import Testing
import WardenTestSupport

/// `warden policy validate` and `warden policy evaluate`, run as a user would run them.
@Suite struct PolicyCommandTests {
    final class Files {
        let directory = URL(fileURLWithPath: "/tmp/warden-policy-cli-\(UInt32.random(in: 0...UInt32.max))")

        init(_ files: [String: String]) throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    func warden(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let result = try await ChildProcess.run(ServeCommandTests.executable, arguments)
        return (result.status, result.output + result.error)
    }

    @Test func validateReportsWhereAndWhyAndFailsOnErrors() async throws {
        let files = try Files([
            "bad.json": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqual":{"aws:username":"bob"}}}]}"#,
            "good.json": #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
            "scp.json": #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#,
        ])
        let bad = try await warden(["policy", "validate", files.path("bad.json")])
        #expect(bad.status != 0)
        #expect(bad.output.contains(#"Statement[0].Condition: unknown operator "StringEqual""#), "\(bad.output)")
        let good = try await warden(["policy", "validate", files.path("good.json")])
        #expect(good.status == 0, "\(good.output)")
        let scp = try await warden(["policy", "validate", files.path("scp.json"), "--kind", "scp"])
        #expect(scp.status != 0)
        #expect(scp.output.contains("Principal"), "\(scp.output)")
    }

    @Test func evaluateExplainsWhichNodeDecided() async throws {
        let files = try Files([
            "identity.json": #"{"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            "full.json": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            "deny-iam.json": #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyIAM","Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#,
            "s3-only.json": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
        ])
        let common = ["policy", "evaluate", "--identity", files.path("identity.json"), "--principal", "arn:aws:iam::111122223333:user/alice", "--scp", "r-ab12=\(files.path("full.json"))"]
        let denied = try await warden(common + ["--scp", "ou-ab12-11111111=\(files.path("deny-iam.json"))", "--scp", "ou-ab12-11111111=\(files.path("full.json"))", "--scp", "111122223333=\(files.path("full.json"))", "--action", "iam:CreateUser"])
        #expect(denied.output.hasPrefix("explicitDeny: explicitly denied by SCP"), "\(denied.output)")
        #expect(denied.output.contains("statement DenyIAM attached to ou-ab12-11111111"))

        let implicit = try await warden(common + ["--scp", "ou-ab12-11111111=\(files.path("s3-only.json"))", "--scp", "111122223333=\(files.path("full.json"))", "--action", "iam:CreateUser", "--json"])
        let decision = try JSONSerialization.jsonObject(with: Data(implicit.output.utf8)) as? [String: Any]
        #expect(decision?["decision"] as? String == "implicitDeny", "\(implicit.output)")
        #expect(decision?["organizationNode"] as? String == "ou-ab12-11111111")

        let allowed = try await warden(common + ["--scp", "ou-ab12-11111111=\(files.path("s3-only.json"))", "--scp", "111122223333=\(files.path("full.json"))", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::bucket/key"])
        #expect(allowed.output.hasPrefix("allow: allowed by identity-based policy"), "\(allowed.output)")
    }
}
