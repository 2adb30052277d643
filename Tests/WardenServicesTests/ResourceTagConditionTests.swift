import Testing
import WardenTestSupport

/// `aws:ResourceTag/…` and `iam:ResourceTag/…`: the tags of the user, role or policy a call acts on, read for
/// decisions whose policies ask for them, current as of the call.
@Suite struct ResourceTagConditionTests {
    static func sameTeam(_ actions: String, key: String = "aws:ResourceTag/team") -> String {
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":\#(actions),"Resource":"*","Condition":{"StringEquals":{"\#(key)":"${aws:PrincipalTag/team}"}}}]}"#
    }

    @Test func principalTagsAgainstResourceTags() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice", policy: Self.sameTeam(#"["iam:GetUser","iam:GetRole"]"#))
            #expect(await warden.call("TagUser", ["UserName": "alice", "Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "bob", "Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "carol", "Tags.member.1.Key": "Team", "Tags.member.1.Value": "red"]).status == 200)
            #expect(await warden.call("CreateUser", ["UserName": "dave"]).status == 200)

            #expect(await warden.call("GetUser", ["UserName": "bob"], as: alice).status == 200)
            let red = await warden.call("GetUser", ["UserName": "carol"], as: alice)
            #expect(red.errorCode == "AccessDenied", "\(red)")
            #expect(await warden.call("GetUser", ["UserName": "dave"], as: alice).errorCode == "AccessDenied", "an untagged resource")
            // Retagged: the very next decision sees the resource's new tags.
            #expect(await warden.call("TagUser", ["UserName": "carol", "Tags.member.1.Key": "Team", "Tags.member.1.Value": "blue"]).status == 200)
            #expect(await warden.call("GetUser", ["UserName": "carol"], as: alice).status == 200, "tag keys compare without case")

            let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
            #expect(await warden.call("CreateRole", ["RoleName": "blue-role", "AssumeRolePolicyDocument": trust, "Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"]).status == 200)
            #expect(await warden.call("CreateRole", ["RoleName": "red-role", "AssumeRolePolicyDocument": trust, "Tags.member.1.Key": "team", "Tags.member.1.Value": "red"]).status == 200)
            #expect(await warden.call("GetRole", ["RoleName": "blue-role"], as: alice).status == 200)
            #expect(await warden.call("GetRole", ["RoleName": "red-role"], as: alice).errorCode == "AccessDenied")
        }
    }

    @Test func iamResourceTagOnPolicies() async throws {
        try await WardenHarness.with { warden in
            let alice = try await warden.user("alice", policy: Self.sameTeam(#""iam:GetPolicy""#, key: "iam:ResourceTag/team"))
            #expect(await warden.call("TagUser", ["UserName": "alice", "Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"]).status == 200)
            let document = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#
            let blue = await warden.call("CreatePolicy", ["PolicyName": "blue", "PolicyDocument": document, "Tags.member.1.Key": "team", "Tags.member.1.Value": "blue"])
            let red = await warden.call("CreatePolicy", ["PolicyName": "red", "PolicyDocument": document, "Tags.member.1.Key": "team", "Tags.member.1.Value": "red"])
            #expect(await warden.call("GetPolicy", ["PolicyArn": try #require(blue.value("Arn"))], as: alice).status == 200)
            #expect(await warden.call("GetPolicy", ["PolicyArn": try #require(red.value("Arn"))], as: alice).errorCode == "AccessDenied")
        }
    }
}
