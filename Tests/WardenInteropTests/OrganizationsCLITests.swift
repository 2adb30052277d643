import Foundation
import Testing
import WardenTestSupport
import WardenServices

/// AWS Organizations through the real AWS CLI, as an operator types it: JSON output, --max-items pagination,
/// policy content from a file, and AWS's errors with a failing exit code.
@Suite struct OrganizationsCLITests {
    func aws(_ arguments: [String], _ environment: [String: String]) async throws -> Clients.Result {
        try await Clients.run(["aws"] + arguments + ["--output", "json"], environment: environment)
    }

    func json(_ result: Clients.Result) throws -> [String: Any] {
        try #require((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any], "\(result.output)\n\(result.error)")
    }

    /// A JSON text with sorted keys and no spacing, to compare documents however they were formatted.
    func canonical(_ text: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func anOrganizationWithUnitsAndAccounts() async throws {
        try await withInteropServer { environment, root in
            let created = try json(try await aws(["organizations", "create-organization", "--feature-set", "ALL"], environment))
            let organization = try #require(created["Organization"] as? [String: Any])
            let organizationID = try #require(organization["Id"] as? String)
            #expect(organization["MasterAccountId"] as? String == root.accountID)
            #expect(organization["FeatureSet"] as? String == "ALL")

            let roots = try json(try await aws(["organizations", "list-roots"], environment))
            let rootUnit = try #require((roots["Roots"] as? [[String: Any]])?.first)
            let rootID = try #require(rootUnit["Id"] as? String)
            #expect(rootUnit["Arn"] as? String == "arn:aws:organizations::\(root.accountID):root/\(organizationID)/\(rootID)")

            let unit = try json(try await aws(["organizations", "create-organizational-unit", "--parent-id", rootID, "--name", "Engineering"], environment))
            let unitID = try #require((unit["OrganizationalUnit"] as? [String: Any])?["Id"] as? String)
            #expect(unitID.hasPrefix("ou-\(rootID.dropFirst(2))-"))

            // CreateAccount is asynchronous: the CLI returns IN_PROGRESS, describe-create-account-status follows it.
            let request = try json(
                try await aws(["organizations", "create-account", "--email", "cli@example.com", "--account-name", "cli"], environment))
            let requestID = try #require((request["CreateAccountStatus"] as? [String: Any])?["Id"] as? String)
            var state = "IN_PROGRESS"
            var memberID: String?
            for _ in 0..<40 where state == "IN_PROGRESS" {
                let status = try json(
                    try await aws(["organizations", "describe-create-account-status", "--create-account-request-id", requestID], environment))
                let body = status["CreateAccountStatus"] as? [String: Any]
                state = body?["State"] as? String ?? "missing"
                memberID = body?["AccountId"] as? String
                if state == "IN_PROGRESS" { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(state == "SUCCEEDED")
            let member = try #require(memberID)

            // --max-items 1 stops after one account and hands back a NextToken; --starting-token resumes.
            let first = try json(try await aws(["organizations", "list-accounts", "--max-items", "1"], environment))
            #expect((first["Accounts"] as? [Any])?.count == 1)
            let token = try #require(first["NextToken"] as? String)
            let rest = try json(try await aws(["organizations", "list-accounts", "--max-items", "1", "--starting-token", token], environment))
            let ids = ((first["Accounts"] as? [[String: Any]] ?? []) + (rest["Accounts"] as? [[String: Any]] ?? [])).compactMap { $0["Id"] as? String }
            #expect(Set(ids) == [root.accountID, member])

            let moved = try await aws(
                ["organizations", "move-account", "--account-id", member, "--source-parent-id", rootID, "--destination-parent-id", unitID], environment)
            #expect(moved.status == 0, "\(moved.error)")
            let inUnit = try json(try await aws(["organizations", "list-accounts-for-parent", "--parent-id", unitID], environment))
            #expect((inUnit["Accounts"] as? [[String: Any]])?.compactMap { $0["Id"] as? String } == [member])
        }
    }

    @Test func policiesFromFilesAndErrors() async throws {
        try await withInteropServer { environment, _ in
            #expect(try await aws(["organizations", "create-organization", "--feature-set", "ALL"], environment).status == 0)
            let roots = try json(try await aws(["organizations", "list-roots"], environment))
            let rootID = try #require((roots["Roots"] as? [[String: Any]])?.first?["Id"] as? String)
            let enabled = try await aws(["organizations", "enable-policy-type", "--root-id", rootID, "--policy-type", "SERVICE_CONTROL_POLICY"], environment)
            #expect(enabled.status == 0, "\(enabled.error)")
            let unit = try json(try await aws(["organizations", "create-organizational-unit", "--parent-id", rootID, "--name", "Sandbox"], environment))
            let unitID = try #require((unit["OrganizationalUnit"] as? [String: Any])?["Id"] as? String)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-scp-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#
            try Data(document.utf8).write(to: file)
            let created = try json(
                try await aws(
                    [
                        "organizations", "create-policy", "--name", "NoUsers", "--description", "no new IAM users",
                        "--type", "SERVICE_CONTROL_POLICY", "--content", "file://\(file.path)",
                    ], environment))
            let policy = try #require(created["Policy"] as? [String: Any])
            let policyID = try #require((policy["PolicySummary"] as? [String: Any])?["Id"] as? String)
            let content = try #require(policy["Content"] as? String)
            #expect(canonical(content) == canonical(document), "\(content)")

            let attached = try await aws(["organizations", "attach-policy", "--policy-id", policyID, "--target-id", unitID], environment)
            #expect(attached.status == 0, "\(attached.error)")
            let listed = try json(
                try await aws(["organizations", "list-policies-for-target", "--target-id", unitID, "--filter", "SERVICE_CONTROL_POLICY"], environment))
            let names = (listed["Policies"] as? [[String: Any]])?.compactMap { $0["Name"] as? String }
            #expect(Set(names ?? []) == ["FullAWSAccess", "NoUsers"])

            let again = try await aws(["organizations", "create-organization", "--feature-set", "ALL"], environment)
            #expect(again.status == 254 || again.status == 255, "exit \(again.status)")
            #expect(
                again.error.contains("An error occurred (AlreadyInOrganizationException) when calling the CreateOrganization operation"),
                "\(again.error)")
            let inUse = try await aws(["organizations", "delete-policy", "--policy-id", policyID], environment)
            #expect(inUse.status != 0)
            #expect(inUse.error.contains("(PolicyInUseException) when calling the DeletePolicy operation"), "\(inUse.error)")
            let last = try await aws(["organizations", "detach-policy", "--policy-id", "p-FullAWSAccess", "--target-id", rootID], environment)
            #expect(last.error.contains("(ConstraintViolationException) when calling the DetachPolicy operation"), "\(last.error)")
        }
    }
}
