import Foundation
import Testing
import WardenTestSupport

@Suite struct AccountOperationTests {
    @Test func passwordPolicyAndLoginProfiles() async throws {
        try await WardenHarness.with { warden in
            let none = await warden.call("GetAccountPasswordPolicy")
            #expect(none.status == 404)
            #expect(none.errorMessage == "The Password Policy with domain name 111122223333 cannot be found.")
            #expect(await warden.call("CreateUser", ["UserName": "alice"]).status == 200)
            let weak = await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": "short"])
            #expect(weak.status == 400)
            #expect(weak.errorCode == "PasswordPolicyViolation")
            let created = await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": "Correct-Horse-9"])
            #expect(created.status == 200, "\(created)")
            #expect(created.value("UserName") == "alice")
            #expect(await warden.call("CreateLoginProfile", ["UserName": "alice", "Password": "Correct-Horse-9"]).errorCode == "EntityAlreadyExists")
            #expect(await warden.call("UpdateLoginProfile", ["UserName": "alice", "PasswordResetRequired": "true"]).status == 200)
            #expect(await warden.call("GetLoginProfile", ["UserName": "alice"]).value("PasswordResetRequired") == "true")
            let policy = await warden.call("UpdateAccountPasswordPolicy", [
                "MinimumPasswordLength": "12", "RequireNumbers": "true", "PasswordReusePrevention": "2", "MaxPasswordAge": "90",
            ])
            #expect(policy.status == 200, "\(policy)")
            let got = await warden.call("GetAccountPasswordPolicy")
            #expect(got.value("MinimumPasswordLength") == "12")
            #expect(got.value("ExpirePasswords") == "true")
            #expect(got.value("PasswordReusePrevention") == "2")
            let short = await warden.call("UpdateLoginProfile", ["UserName": "alice", "Password": "Short-1"])
            #expect(short.errorMessage == "Password should have a minimum length of 12")
            #expect(await warden.call("DeleteAccountPasswordPolicy").status == 200)
            #expect(await warden.call("DeleteAccountPasswordPolicy").errorCode == "NoSuchEntity")
            #expect(await warden.call("DeleteLoginProfile", ["UserName": "alice"]).status == 200)
            #expect(await warden.call("GetLoginProfile", ["UserName": "alice"]).errorCode == "NoSuchEntity")
        }
    }

    @Test func changePasswordChecksTheOldOneAndReuse() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateUser", ["UserName": "bob"]).status == 200)
            #expect(await warden.call("AttachUserPolicy", ["UserName": "bob", "PolicyArn": "arn:aws:iam::aws:policy/IAMUserChangePassword"]).status == 200)
            let created = await warden.call("CreateAccessKey", ["UserName": "bob"])
            let key = WardenHarness.Credentials(
                accessKeyID: try #require(created.value("AccessKeyId")), secretAccessKey: try #require(created.value("SecretAccessKey")))
            #expect(await warden.call("UpdateAccountPasswordPolicy", ["PasswordReusePrevention": "3", "MinimumPasswordLength": "8"]).status == 200)
            #expect(await warden.call("CreateLoginProfile", ["UserName": "bob", "Password": "First-pass-1"]).status == 200)
            let wrongOld = await warden.call("ChangePassword", ["OldPassword": "nope-nope-1", "NewPassword": "Second-pass-2"], as: key)
            #expect(wrongOld.status == 400)
            let changed = await warden.call("ChangePassword", ["OldPassword": "First-pass-1", "NewPassword": "Second-pass-2"], as: key)
            #expect(changed.status == 200, "\(changed)")
            let reused = await warden.call("ChangePassword", ["OldPassword": "Second-pass-2", "NewPassword": "First-pass-1"], as: key)
            #expect(reused.errorCode == "PasswordPolicyViolation")
            let root = await warden.call("ChangePassword", ["OldPassword": "a", "NewPassword": "b"])
            #expect(root.errorCode == "InvalidUserType")
        }
    }

    @Test func aliasesSummaryAndCredentialReport() async throws {
        try await WardenHarness.with { warden in
            #expect(await warden.call("CreateAccountAlias", ["AccountAlias": "my-warden"]).status == 200)
            #expect(await warden.call("ListAccountAliases").values("member") == ["my-warden"])
            #expect(await warden.call("DeleteAccountAlias", ["AccountAlias": "my-warden"]).status == 200)
            #expect(await warden.call("DeleteAccountAlias", ["AccountAlias": "my-warden"]).errorCode == "NoSuchEntity")
            #expect(await warden.call("CreateUser", ["UserName": "carol"]).status == 200)
            #expect(await warden.call("CreateAccessKey", ["UserName": "carol"]).status == 200)
            let summary = await warden.call("GetAccountSummary")
            #expect(summary.status == 200, "\(summary)")
            #expect(summary.body.contains("<key>Users</key><value>1</value>") || summary.body.contains("<key>Users</key>"))
            let before = await warden.call("GetCredentialReport")
            #expect(before.status == 410)
            #expect(before.errorCode == "ReportNotPresent")
            #expect(await warden.call("GenerateCredentialReport").value("State") == "STARTED")
            #expect(await warden.call("GenerateCredentialReport").value("State") == "COMPLETE")
            let report = await warden.call("GetCredentialReport")
            #expect(report.value("ReportFormat") == "text/csv")
            let content = try #require(report.value("Content"))
            let csvData = try #require(Data(base64Encoded: content))
            let csv = String(decoding: csvData, as: UTF8.self)
            let lines = csv.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("user,arn,user_creation_time,password_enabled,") == true)
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("<root_account>,arn:aws:iam::111122223333:root,"))
            #expect(lines[2].hasPrefix("carol,arn:aws:iam::111122223333:user/carol,"))
            #expect(lines[2].split(separator: ",").count == 22)
            #expect(lines[2].split(separator: ",")[2].hasSuffix("+00:00"))
        }
    }

    @Test func aliasesWithADoubleHyphenAreValidationErrors() async throws {
        try await WardenHarness.with { warden in
            let doubled = await warden.call("CreateAccountAlias", ["AccountAlias": "ab--cd"])
            #expect(doubled.status == 400, "\(doubled)")
            #expect(doubled.errorCode == "ValidationError")
            #expect(doubled.errorMessage == "1 validation error detected: Value 'ab--cd' at 'accountAlias' failed to satisfy constraint: "
                + "Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$")
            #expect(await warden.call("ListAccountAliases").values("member").isEmpty)
            #expect(await warden.call("CreateAccountAlias", ["AccountAlias": "ab-c-d"]).status == 200)
            // The model's pattern is checked on every operation that takes an alias, not only here.
            #expect(await warden.call("DeleteAccountAlias", ["AccountAlias": "ab--cd"]).errorCode == "ValidationError")
        }
    }

    @Test func authorizationDetailsListUsersWithTheirPolicies() async throws {
        try await WardenHarness.with { warden in
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:List*","Resource":"*"}]}"#
            #expect(await warden.call("CreateUser", ["UserName": "dave"]).status == 200)
            #expect(await warden.call("PutUserPolicy", ["UserName": "dave", "PolicyName": "inline", "PolicyDocument": document]).status == 200)
            #expect(await warden.call("CreateGroup", ["GroupName": "ops"]).status == 200)
            #expect(await warden.call("AddUserToGroup", ["GroupName": "ops", "UserName": "dave"]).status == 200)
            let details = await warden.call("GetAccountAuthorizationDetails", ["Filter.member.1": "User"])
            #expect(details.status == 200, "\(details)")
            #expect(details.values("UserName") == ["dave"])
            #expect(details.value("PolicyName") == "inline")
            #expect(details.value("PolicyDocument")?.removingPercentEncoding == document)
            #expect(details.values("GroupName").isEmpty)
            #expect(details.value("IsTruncated") == "false")
            let first = await warden.call("GetAccountAuthorizationDetails", ["MaxItems": "1"])
            #expect(first.value("IsTruncated") == "true")
            let marker = try #require(first.value("Marker"))
            let rest = await warden.call("GetAccountAuthorizationDetails", ["Marker": marker])
            #expect(rest.value("GroupName") == "ops")
            #expect(rest.value("IsTruncated") == "false")
        }
    }

    @Test func passwordPolicyRangesAreValidationErrors() async throws {
        try await WardenHarness.with { warden in
            let long = await warden.call("UpdateAccountPasswordPolicy", ["MinimumPasswordLength": "129"])
            #expect(long.status == 400)
            #expect(long.errorCode == "ValidationError")
            let reuse = await warden.call("UpdateAccountPasswordPolicy", ["PasswordReusePrevention": "25"])
            #expect(reuse.errorCode == "ValidationError")
        }
    }
}
