import Foundation
import Testing
import WardenTestSupport
import WardenServices

/// The IAM API through the real AWS CLI, as an operator types it: JSON output, pagination, policy documents
/// decoded, AWS's errors and exit codes, and a key it creates working at once.
@Suite struct IAMCLITests {
    func aws(_ arguments: [String], _ environment: [String: String]) async throws -> Clients.Result {
        try await Clients.run(["aws"] + arguments + ["--output", "json"], environment: environment)
    }

    func json(_ result: Clients.Result) throws -> [String: Any] {
        try #require((try? JSONSerialization.jsonObject(with: Data(result.output.utf8))) as? [String: Any], "\(result.output)\n\(result.error)")
    }

    @Test func usersWithPaginationAndErrors() async throws {
        try await withInteropServer { environment, root in
            for index in 1...5 {
                let created = try await aws(["iam", "create-user", "--user-name", "cli-\(index)", "--path", "/cli/"], environment)
                #expect(created.status == 0, "\(created.error)")
            }
            // The CLI follows Marker itself; --page-size 2 makes it take three pages.
            let listed = try json(try await aws(["iam", "list-users", "--path-prefix", "/cli/", "--page-size", "2"], environment))
            let names = (listed["Users"] as? [[String: Any]])?.compactMap { $0["UserName"] as? String }
            #expect(names == ["cli-1", "cli-2", "cli-3", "cli-4", "cli-5"])
            let first = try json(try await aws(["iam", "list-users", "--max-items", "2"], environment))
            #expect((first["Users"] as? [Any])?.count == 2)
            #expect(first["NextToken"] != nil)

            let missing = try await aws(["iam", "get-user", "--user-name", "nobody"], environment)
            #expect(missing.status != 0)
            #expect(missing.error.contains("An error occurred (NoSuchEntity) when calling the GetUser operation"), "\(missing.error)")
            #expect(missing.error.contains(": The user with name nobody cannot be found."), "\(missing.error)")
            let duplicate = try await aws(["iam", "create-user", "--user-name", "CLI-1"], environment)
            #expect(duplicate.error.contains("(EntityAlreadyExists)"), "\(duplicate.error)")
            _ = root
        }
    }

    @Test func policyDocumentsRoundTripAndAKeyWorksAtOnce() async throws {
        try await withInteropServer { environment, root in
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}"#
            let policy = try json(try await aws(["iam", "create-policy", "--policy-name", "reader", "--policy-document", document], environment))
            let arn = try #require((policy["Policy"] as? [String: Any])?["Arn"] as? String)
            #expect(arn == "arn:aws:iam::\(root.accountID):policy/reader")
            let version = try json(try await aws(["iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1"], environment))
            let statement = (((version["PolicyVersion"] as? [String: Any])?["Document"] as? [String: Any])?["Statement"] as? [[String: Any]])?.first
            #expect(statement?["Action"] as? [String] == ["iam:ListUsers", "iam:GetUser"])

            #expect(try await aws(["iam", "create-user", "--user-name", "reader"], environment).status == 0)
            #expect(try await aws(["iam", "attach-user-policy", "--user-name", "reader", "--policy-arn", arn], environment).status == 0)
            let key = try json(try await aws(["iam", "create-access-key", "--user-name", "reader"], environment))
            let accessKey = try #require(key["AccessKey"] as? [String: Any])
            var asReader = environment
            asReader["AWS_ACCESS_KEY_ID"] = accessKey["AccessKeyId"] as? String
            asReader["AWS_SECRET_ACCESS_KEY"] = accessKey["SecretAccessKey"] as? String
            let identity = try json(try await aws(["sts", "get-caller-identity"], asReader))
            #expect(identity["Arn"] as? String == "arn:aws:iam::\(root.accountID):user/reader")
            #expect(try await aws(["iam", "list-users"], asReader).status == 0)
            let refused = try await aws(["iam", "create-user", "--user-name", "intruder"], asReader)
            #expect(refused.error.contains("An error occurred (AccessDenied) when calling the CreateUser operation"), "\(refused.error)")
            #expect(refused.error.contains(
                ": User: arn:aws:iam::\(root.accountID):user/reader is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::\(root.accountID):user/intruder because no identity-based policy allows the iam:CreateUser action"),
                "\(refused.error)")
        }
    }

    @Test func theSimulatorThroughTheCLI() async throws {
        try await withInteropServer { environment, _ in
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#
            let result = try json(
                try await aws(
                    [
                        "iam", "simulate-custom-policy", "--policy-input-list", document, "--action-names", "s3:GetObject",
                        "--context-entries", "ContextKeyName=aws:SourceIp,ContextKeyValues=10.1.2.3,ContextKeyType=ip",
                    ], environment))
            let evaluation = (result["EvaluationResults"] as? [[String: Any]])?.first
            #expect(evaluation?["EvalDecision"] as? String == "allowed")
            let statement = (evaluation?["MatchedStatements"] as? [[String: Any]])?.first
            #expect(statement?["SourcePolicyId"] as? String == "PolicyInputList.1")
        }
    }
}
