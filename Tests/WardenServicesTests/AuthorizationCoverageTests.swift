import Foundation
import Testing
import WardenTestSupport

/// For every IAM operation: a user without permission is denied with AWS's message naming the action and
/// resource, and a user allowed exactly that action on exactly that resource gets past authorization.
@Suite struct AuthorizationCoverageTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let operation: String
        let parameters: [String: String]
        /// The resource AWS authorizes the action on (`*` for account-level actions).
        let resource: String
        /// Further resources AWS checks the same action on (a rename's new ARN).
        var alsoOn: [String] = []
        var testDescription: String { operation }
    }

    static let account = "111122223333"
    static let user = "arn:aws:iam::\(account):user/u1"
    static let group = "arn:aws:iam::\(account):group/g1"
    static let role = "arn:aws:iam::\(account):role/r1"
    static let policy = "arn:aws:iam::\(account):policy/p1"
    static let oidc = "arn:aws:iam::\(account):oidc-provider/idp.example.com"
    static let profile = "arn:aws:iam::\(account):instance-profile/ip1"
    static let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#
    static let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    static let cases: [Case] = [
        // Users
        Case(operation: "CreateUser", parameters: ["UserName": "u2"], resource: "arn:aws:iam::\(account):user/u2"),
        Case(operation: "GetUser", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "ListUsers", parameters: [:], resource: "arn:aws:iam::\(account):user/"),
        Case(operation: "UpdateUser", parameters: ["UserName": "u1", "NewPath": "/x/"], resource: user, alsoOn: ["arn:aws:iam::\(account):user/x/u1"]),
        Case(operation: "DeleteUser", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "TagUser", parameters: ["UserName": "u1", "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"], resource: user),
        Case(operation: "UntagUser", parameters: ["UserName": "u1", "TagKeys.member.1": "k"], resource: user),
        Case(operation: "ListUserTags", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "PutUserPermissionsBoundary", parameters: ["UserName": "u1", "PermissionsBoundary": policy], resource: user),
        Case(operation: "DeleteUserPermissionsBoundary", parameters: ["UserName": "u1"], resource: user),
        // Instance profiles
        Case(operation: "CreateInstanceProfile", parameters: ["InstanceProfileName": "ip2", "Path": "/x/"], resource: "arn:aws:iam::\(account):instance-profile/x/ip2"),
        Case(operation: "GetInstanceProfile", parameters: ["InstanceProfileName": "ip1"], resource: profile),
        Case(operation: "ListInstanceProfiles", parameters: ["PathPrefix": "/x/"], resource: "arn:aws:iam::\(account):instance-profile/x/"),
        Case(operation: "ListInstanceProfilesForRole", parameters: ["RoleName": "r1"], resource: role),
        Case(operation: "DeleteInstanceProfile", parameters: ["InstanceProfileName": "ip1"], resource: profile),
        Case(operation: "AddRoleToInstanceProfile", parameters: ["InstanceProfileName": "ip1", "RoleName": "r1"], resource: profile),
        Case(operation: "RemoveRoleFromInstanceProfile", parameters: ["InstanceProfileName": "ip1", "RoleName": "r1"], resource: profile),
        Case(operation: "TagInstanceProfile", parameters: ["InstanceProfileName": "ip1", "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"], resource: profile),
        Case(operation: "UntagInstanceProfile", parameters: ["InstanceProfileName": "ip1", "TagKeys.member.1": "k"], resource: profile),
        Case(operation: "ListInstanceProfileTags", parameters: ["InstanceProfileName": "ip1"], resource: profile),
        // OpenID Connect providers
        Case(operation: "CreateOpenIDConnectProvider", parameters: ["Url": "https://idp2.example.com"], resource: "arn:aws:iam::\(account):oidc-provider/idp2.example.com"),
        Case(operation: "GetOpenIDConnectProvider", parameters: ["OpenIDConnectProviderArn": oidc], resource: oidc),
        Case(operation: "ListOpenIDConnectProviders", parameters: [:], resource: "*"),
        Case(operation: "DeleteOpenIDConnectProvider", parameters: ["OpenIDConnectProviderArn": oidc], resource: oidc),
        Case(operation: "AddClientIDToOpenIDConnectProvider", parameters: ["OpenIDConnectProviderArn": oidc, "ClientID": "c"], resource: oidc),
        Case(operation: "RemoveClientIDFromOpenIDConnectProvider", parameters: ["OpenIDConnectProviderArn": oidc, "ClientID": "c"], resource: oidc),
        Case(
            operation: "UpdateOpenIDConnectProviderThumbprint",
            parameters: ["OpenIDConnectProviderArn": oidc, "ThumbprintList.member.1": String(repeating: "a", count: 40)], resource: oidc),
        Case(
            operation: "TagOpenIDConnectProvider",
            parameters: ["OpenIDConnectProviderArn": oidc, "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"], resource: oidc),
        Case(operation: "UntagOpenIDConnectProvider", parameters: ["OpenIDConnectProviderArn": oidc, "TagKeys.member.1": "k"], resource: oidc),
        Case(operation: "ListOpenIDConnectProviderTags", parameters: ["OpenIDConnectProviderArn": oidc], resource: oidc),
        // Groups
        Case(operation: "CreateGroup", parameters: ["GroupName": "g2"], resource: "arn:aws:iam::\(account):group/g2"),
        Case(operation: "GetGroup", parameters: ["GroupName": "g1"], resource: group),
        Case(operation: "ListGroups", parameters: [:], resource: "arn:aws:iam::\(account):group/"),
        Case(operation: "UpdateGroup", parameters: ["GroupName": "g1", "NewPath": "/x/"], resource: group, alsoOn: ["arn:aws:iam::\(account):group/x/g1"]),
        Case(operation: "DeleteGroup", parameters: ["GroupName": "g1"], resource: group),
        Case(operation: "AddUserToGroup", parameters: ["GroupName": "g1", "UserName": "u1"], resource: group),
        Case(operation: "RemoveUserFromGroup", parameters: ["GroupName": "g1", "UserName": "u1"], resource: group),
        Case(operation: "ListGroupsForUser", parameters: ["UserName": "u1"], resource: user),
        // Roles
        Case(operation: "CreateRole", parameters: ["RoleName": "r2", "AssumeRolePolicyDocument": trust], resource: "arn:aws:iam::\(account):role/r2"),
        Case(operation: "GetRole", parameters: ["RoleName": "r1"], resource: role),
        Case(operation: "ListRoles", parameters: [:], resource: "arn:aws:iam::\(account):role/"),
        Case(operation: "UpdateRole", parameters: ["RoleName": "r1", "Description": "d"], resource: role),
        Case(operation: "UpdateRoleDescription", parameters: ["RoleName": "r1", "Description": "d"], resource: role),
        Case(operation: "UpdateAssumeRolePolicy", parameters: ["RoleName": "r1", "PolicyDocument": trust], resource: role),
        Case(operation: "DeleteRole", parameters: ["RoleName": "r1"], resource: role),
        Case(operation: "TagRole", parameters: ["RoleName": "r1", "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"], resource: role),
        Case(operation: "UntagRole", parameters: ["RoleName": "r1", "TagKeys.member.1": "k"], resource: role),
        Case(operation: "ListRoleTags", parameters: ["RoleName": "r1"], resource: role),
        Case(operation: "PutRolePermissionsBoundary", parameters: ["RoleName": "r1", "PermissionsBoundary": policy], resource: role),
        Case(operation: "DeleteRolePermissionsBoundary", parameters: ["RoleName": "r1"], resource: role),
        // Managed policies
        Case(operation: "CreatePolicy", parameters: ["PolicyName": "p2", "PolicyDocument": document], resource: "arn:aws:iam::\(account):policy/p2"),
        Case(operation: "GetPolicy", parameters: ["PolicyArn": policy], resource: policy),
        Case(operation: "ListPolicies", parameters: [:], resource: "arn:aws:iam::\(account):policy/"),
        Case(operation: "DeletePolicy", parameters: ["PolicyArn": policy], resource: policy),
        Case(operation: "CreatePolicyVersion", parameters: ["PolicyArn": policy, "PolicyDocument": document], resource: policy),
        Case(operation: "GetPolicyVersion", parameters: ["PolicyArn": policy, "VersionId": "v1"], resource: policy),
        Case(operation: "ListPolicyVersions", parameters: ["PolicyArn": policy], resource: policy),
        Case(operation: "DeletePolicyVersion", parameters: ["PolicyArn": policy, "VersionId": "v1"], resource: policy),
        Case(operation: "SetDefaultPolicyVersion", parameters: ["PolicyArn": policy, "VersionId": "v1"], resource: policy),
        Case(operation: "AttachUserPolicy", parameters: ["UserName": "u1", "PolicyArn": policy], resource: user),
        Case(operation: "DetachUserPolicy", parameters: ["UserName": "u1", "PolicyArn": policy], resource: user),
        Case(operation: "AttachGroupPolicy", parameters: ["GroupName": "g1", "PolicyArn": policy], resource: group),
        Case(operation: "DetachGroupPolicy", parameters: ["GroupName": "g1", "PolicyArn": policy], resource: group),
        Case(operation: "AttachRolePolicy", parameters: ["RoleName": "r1", "PolicyArn": policy], resource: role),
        Case(operation: "DetachRolePolicy", parameters: ["RoleName": "r1", "PolicyArn": policy], resource: role),
        Case(operation: "ListAttachedUserPolicies", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "ListAttachedGroupPolicies", parameters: ["GroupName": "g1"], resource: group),
        Case(operation: "ListAttachedRolePolicies", parameters: ["RoleName": "r1"], resource: role),
        Case(operation: "ListEntitiesForPolicy", parameters: ["PolicyArn": policy], resource: policy),
        Case(operation: "TagPolicy", parameters: ["PolicyArn": policy, "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"], resource: policy),
        Case(operation: "UntagPolicy", parameters: ["PolicyArn": policy, "TagKeys.member.1": "k"], resource: policy),
        Case(operation: "ListPolicyTags", parameters: ["PolicyArn": policy], resource: policy),
        // Inline policies
        Case(operation: "PutUserPolicy", parameters: ["UserName": "u1", "PolicyName": "i", "PolicyDocument": document], resource: user),
        Case(operation: "GetUserPolicy", parameters: ["UserName": "u1", "PolicyName": "i"], resource: user),
        Case(operation: "DeleteUserPolicy", parameters: ["UserName": "u1", "PolicyName": "i"], resource: user),
        Case(operation: "ListUserPolicies", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "PutGroupPolicy", parameters: ["GroupName": "g1", "PolicyName": "i", "PolicyDocument": document], resource: group),
        Case(operation: "GetGroupPolicy", parameters: ["GroupName": "g1", "PolicyName": "i"], resource: group),
        Case(operation: "DeleteGroupPolicy", parameters: ["GroupName": "g1", "PolicyName": "i"], resource: group),
        Case(operation: "ListGroupPolicies", parameters: ["GroupName": "g1"], resource: group),
        Case(operation: "PutRolePolicy", parameters: ["RoleName": "r1", "PolicyName": "i", "PolicyDocument": document], resource: role),
        Case(operation: "GetRolePolicy", parameters: ["RoleName": "r1", "PolicyName": "i"], resource: role),
        Case(operation: "DeleteRolePolicy", parameters: ["RoleName": "r1", "PolicyName": "i"], resource: role),
        Case(operation: "ListRolePolicies", parameters: ["RoleName": "r1"], resource: role),
        // Access keys
        Case(operation: "CreateAccessKey", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "ListAccessKeys", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "UpdateAccessKey", parameters: ["UserName": "u1", "AccessKeyId": "AKIAAAAAAAAAAAAAAAAA", "Status": "Inactive"], resource: user),
        Case(operation: "DeleteAccessKey", parameters: ["UserName": "u1", "AccessKeyId": "AKIAAAAAAAAAAAAAAAAA"], resource: user),
        // MFA
        Case(operation: "CreateVirtualMFADevice", parameters: ["VirtualMFADeviceName": "m1"], resource: "arn:aws:iam::\(account):mfa/m1"),
        Case(operation: "DeleteVirtualMFADevice", parameters: ["SerialNumber": "arn:aws:iam::\(account):mfa/m1"], resource: "arn:aws:iam::\(account):mfa/m1"),
        Case(operation: "EnableMFADevice", parameters: ["UserName": "u1", "SerialNumber": "arn:aws:iam::\(account):mfa/m1", "AuthenticationCode1": "123456", "AuthenticationCode2": "234567"], resource: user),
        Case(operation: "ResyncMFADevice", parameters: ["UserName": "u1", "SerialNumber": "arn:aws:iam::\(account):mfa/m1", "AuthenticationCode1": "123456", "AuthenticationCode2": "234567"], resource: user),
        Case(operation: "DeactivateMFADevice", parameters: ["UserName": "u1", "SerialNumber": "arn:aws:iam::\(account):mfa/m1"], resource: user),
        Case(operation: "ListMFADevices", parameters: ["UserName": "u1"], resource: user),
        // Login profiles and the account
        Case(operation: "CreateLoginProfile", parameters: ["UserName": "u1", "Password": "Correct-Horse-9"], resource: user),
        Case(operation: "GetLoginProfile", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "UpdateLoginProfile", parameters: ["UserName": "u1", "PasswordResetRequired": "true"], resource: user),
        Case(operation: "DeleteLoginProfile", parameters: ["UserName": "u1"], resource: user),
        Case(operation: "CreateAccountAlias", parameters: ["AccountAlias": "example-alias"], resource: "*"),
        Case(operation: "ListAccountAliases", parameters: [:], resource: "*"),
        Case(operation: "DeleteAccountAlias", parameters: ["AccountAlias": "example-alias"], resource: "*"),
        Case(operation: "GetAccountSummary", parameters: [:], resource: "*"),
        Case(operation: "UpdateAccountPasswordPolicy", parameters: ["MinimumPasswordLength": "12"], resource: "*"),
        Case(operation: "GetAccountPasswordPolicy", parameters: [:], resource: "*"),
        Case(operation: "DeleteAccountPasswordPolicy", parameters: [:], resource: "*"),
        Case(operation: "GenerateCredentialReport", parameters: [:], resource: "*"),
        Case(operation: "GetCredentialReport", parameters: [:], resource: "*"),
        Case(operation: "GetAccountAuthorizationDetails", parameters: [:], resource: "*"),
        // Simulator
        Case(operation: "SimulateCustomPolicy", parameters: ["PolicyInputList.member.1": document, "ActionNames.member.1": "s3:GetObject"], resource: "*"),
        Case(operation: "SimulatePrincipalPolicy", parameters: ["PolicySourceArn": user, "ActionNames.member.1": "s3:GetObject"], resource: user),
        Case(operation: "GetContextKeysForCustomPolicy", parameters: ["PolicyInputList.member.1": document], resource: "*"),
        Case(operation: "GetContextKeysForPrincipalPolicy", parameters: ["PolicySourceArn": user], resource: user),
    ]

    static func allowOnly(_ action: String, on resource: String, alsoOn more: [String] = []) -> String {
        let resources = ([resource] + more).map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:\#(action)","Resource":[\#(resources)]}]}"#
    }

    @Test(arguments: cases)
    func deniedWithoutPermissionAndAllowedWithExactlyIt(_ testCase: Case) async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            #expect(await warden.call("CreateUser", ["UserName": "u1"]).status == 200)
            let caller = try await warden.user("caller")
            let denied = await warden.call(testCase.operation, testCase.parameters, as: caller)
            #expect(denied.status == 403, "\(denied)")
            #expect(denied.errorCode == "AccessDenied")
            let expected =
                "User: arn:aws:iam::\(Self.account):user/caller is not authorized to perform: iam:\(testCase.operation) on resource: \(testCase.resource) because no identity-based policy allows the iam:\(testCase.operation) action"
            #expect(denied.errorMessage?.hasPrefix(expected + " Encoded authorization failure message: ") == true, "\(denied)")

            let granted = await warden.call(
                "PutUserPolicy", ["UserName": "caller", "PolicyName": "exact", "PolicyDocument": Self.allowOnly(testCase.operation, on: testCase.resource, alsoOn: testCase.alsoOn)])
            #expect(granted.status == 200, "\(granted)")
            let allowed = await warden.call(testCase.operation, testCase.parameters, as: caller)
            #expect(allowed.errorCode != "AccessDenied", "\(allowed)")
        }
    }

    /// A rename is authorized on the new name too: permission on the user alone does not move it elsewhere.
    @Test func renamingNeedsPermissionOnTheNewName() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            #expect(await warden.call("CreateUser", ["UserName": "Bob"]).status == 200)
            let caller = try await warden.user("caller", policy: Self.allowOnly("UpdateUser", on: "arn:aws:iam::\(Self.account):user/Bob"))
            let refused = await warden.call("UpdateUser", ["UserName": "Bob", "NewUserName": "Robert"], as: caller)
            #expect(refused.errorCode == "AccessDenied")
            #expect(refused.errorMessage?.contains("on resource: arn:aws:iam::\(Self.account):user/Robert") == true, "\(refused)")
        }
    }

    /// Names are matched regardless of case, so authorization uses the stored name: a Deny on `user/BreakGlass`
    /// holds when the request says `breakglass`.
    @Test func aDenyOnAnEntityHoldsWhateverTheCaseOfTheRequest() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            #expect(await warden.call("CreateUser", ["UserName": "BreakGlass"]).status == 200)
            let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"arn:aws:iam::111122223333:user/BreakGlass"}]}"#
            let admin = try await warden.user("admin", policy: policy)
            for name in ["BreakGlass", "breakglass", "BREAKGLASS"] {
                let reply = await warden.call("CreateAccessKey", ["UserName": name], as: admin)
                #expect(reply.errorCode == "AccessDenied", "\(name): \(reply)")
            }
        }
    }

    @Test func aBoundaryCapsAnAdministrator() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let admin = try await warden.user("admin")
            #expect(await warden.call("AttachUserPolicy", ["UserName": "admin", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "before"], as: admin).status == 200)
            #expect(await warden.call("PutUserPermissionsBoundary", ["UserName": "admin", "PermissionsBoundary": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"]).status == 200)
            let capped = await warden.call("CreateUser", ["UserName": "after"], as: admin)
            #expect(capped.errorCode == "AccessDenied")
            #expect(capped.errorMessage?.contains("because no permissions boundary allows the iam:CreateUser action Encoded authorization failure message: ") == true, "\(capped)")
            #expect(await warden.call("ListUsers", [:], as: admin).status == 200)
        }
    }

    @Test func aGroupsPolicyAppliesToItsMembers() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let member = try await warden.user("member")
            #expect(await warden.call("CreateGroup", ["GroupName": "readers"]).status == 200)
            #expect(await warden.call("PutGroupPolicy", ["GroupName": "readers", "PolicyName": "read", "PolicyDocument": Self.allowOnly("ListUsers", on: "*")]).status == 200)
            #expect(await warden.call("ListUsers", [:], as: member).errorCode == "AccessDenied")
            #expect(await warden.call("AddUserToGroup", ["GroupName": "readers", "UserName": "member"]).status == 200)
            #expect(await warden.call("ListUsers", [:], as: member).status == 200)
            #expect(await warden.call("RemoveUserFromGroup", ["GroupName": "readers", "UserName": "member"]).status == 200)
            #expect(await warden.call("ListUsers", [:], as: member).errorCode == "AccessDenied")
        }
    }

    @Test func anExplicitDenyWinsOverAdministratorAccess() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            let admin = try await warden.user("admin")
            #expect(await warden.call("AttachUserPolicy", ["UserName": "admin", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"]).status == 200)
            let deny = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}"#
            #expect(await warden.call("PutUserPolicy", ["UserName": "admin", "PolicyName": "no-delete", "PolicyDocument": deny]).status == 200)
            let refused = await warden.call("DeleteUser", ["UserName": "admin"], as: admin)
            #expect(refused.errorCode == "AccessDenied")
            #expect(refused.errorMessage?.contains("with an explicit deny in an identity-based policy Encoded authorization failure message: ") == true, "\(refused)")
        }
    }

    @Test func theRootUserMayDoEverythingInItsAccount() async throws {
        try await WardenHarness.with(accountID: Self.account) { warden in
            for testCase in Self.cases {
                let reply = await warden.call(testCase.operation, testCase.parameters)
                #expect(reply.errorCode != "AccessDenied", "\(testCase.operation): \(reply)")
            }
        }
    }
}

