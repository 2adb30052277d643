import Testing
import WardenPolicy

@Suite("Action and resource matching, policy variables")
struct MatchingTests {
    @Test("actions: case-insensitive, * and ?", arguments: [
        ("s3:GetObject", "s3:GetObject", true),
        ("s3:getobject", "S3:GETOBJECT", true),
        ("s3:*", "s3:PutObject", true),
        ("s3:Get*", "s3:GetObjectAcl", true),
        ("s3:Get*", "s3:PutObject", false),
        ("*", "iam:CreateUser", true),
        ("iam:*User", "iam:CreateUser", true),
        ("iam:*User", "iam:CreateUserPolicy", false),
        ("ec2:Describe?nstances", "ec2:DescribeInstances", true),
        ("ec2:Describe?nstances", "ec2:DescribeXXnstances", false),
        ("s*:Get*", "sqs:GetQueueUrl", true),
        ("s3:GetObject", "s3:GetObjectAcl", false),
    ])
    func actions(pattern: String, action: String, expected: Bool) {
        let effect = Fixture.identity(#"{"Effect": "Allow", "Action": "\#(pattern)", "Resource": "*"}"#, Fixture.request(action))
        #expect((effect == .allow) == expected)
    }

    @Test("resources: case-sensitive; * spans : and /", arguments: [
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", false),
        ("arn:aws:s3:::*/public/*", "arn:aws:s3:::data/public/x.txt", true),
        ("arn:aws:s3:::*/public/*", "arn:aws:s3:::data/private/x.txt", false),
        ("arn:aws:sqs:*:111122223333:payments-*", "arn:aws:sqs:us-east-1:111122223333:payments-events", true),
        ("arn:aws:*", "arn:aws:iam::111122223333:user/x", true),
        ("arn:aws:logs:*:111122223333:log-group:/app/*", "arn:aws:logs:eu-west-1:111122223333:log-group:/app/web:log-stream:1", true),
        ("arn:aws:iam::111122223333:user/???", "arn:aws:iam::111122223333:user/bob", true),
        ("arn:aws:iam::111122223333:user/???", "arn:aws:iam::111122223333:user/bobby", false),
        ("arn:aws:dynamodb:us-east-1:111122223333:table/orders", "arn:aws:dynamodb:us-east-1:111122223333:table/orders/index/x", false),
        ("*", "arn:aws:anything", true),
        ("arn:aws:s3:::b/*a*b*c", "arn:aws:s3:::b/xaxbxcxc", true),
        ("arn:aws:s3:::b/*a*b*c", "arn:aws:s3:::b/xaxcxb", false),
    ])
    func resources(pattern: String, resource: String, expected: Bool) {
        let effect = Fixture.identity(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "\#(pattern)"}"#, Fixture.request("s3:GetObject", resource))
        #expect((effect == .allow) == expected)
    }

    @Test("NotAction: applies to every action except those listed")
    func notAction() {
        let policy = #"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#
        #expect(Fixture.identity(policy, Fixture.request("s3:GetObject")) == .allow)
        #expect(Fixture.identity(policy, Fixture.request("iam:CreateUser")) == .implicitDeny)
        // AWS's example: deny everything but IAM without MFA.
        let deny = #"[{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]"#
        #expect(Fixture.identity(deny, Fixture.request("iam:ListUsers")) == .allow)
        #expect(Fixture.identity(deny, Fixture.request("s3:ListBucket", context: ["aws:MultiFactorAuthPresent": "false"])) == .explicitDeny)
        #expect(Fixture.identity(deny, Fixture.request("s3:ListBucket", context: ["aws:MultiFactorAuthPresent": "true"])) == .allow)
    }

    @Test("NotResource: applies to every resource except those listed")
    func notResource() {
        let policy = #"[{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}, {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]}]"#
        #expect(Fixture.identity(policy, Fixture.request("s3:GetObject", "arn:aws:s3:::HRBucket/Payroll/june.csv")) == .allow)
        #expect(Fixture.identity(policy, Fixture.request("s3:GetObject", "arn:aws:s3:::OtherBucket/x")) == .explicitDeny)
    }

    @Test("policy variables in Resource", arguments: [
        ("arn:aws:s3:::bucket/home/${aws:username}/*", "arn:aws:s3:::bucket/home/alice/notes.txt", true),
        ("arn:aws:s3:::bucket/home/${aws:username}/*", "arn:aws:s3:::bucket/home/bob/notes.txt", false),
        ("arn:aws:s3:::bucket/${aws:userid}/*", "arn:aws:s3:::bucket/AIDAEXAMPLEALICE0001/x", true),
        ("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", "arn:aws:s3:::bucket/payments/x", true),
        ("arn:aws:s3:::bucket/${AWS:USERNAME}/*", "arn:aws:s3:::bucket/alice/x", true),
        // An unresolvable variable makes the value match nothing.
        ("arn:aws:s3:::bucket/${aws:PrincipalTag/missing}/*", "arn:aws:s3:::bucket//x", false),
        // A default value applies when the key is missing.
        ("arn:aws:s3:::bucket/${aws:PrincipalTag/missing, 'shared'}/*", "arn:aws:s3:::bucket/shared/x", true),
        // Special characters: ${*} is a literal *, not a wildcard.
        ("arn:aws:s3:::bucket/${*}/x", "arn:aws:s3:::bucket/*/x", true),
        ("arn:aws:s3:::bucket/${*}/x", "arn:aws:s3:::bucket/abc/x", false),
        ("arn:aws:s3:::bucket/${?}${$}", "arn:aws:s3:::bucket/?$", true),
        // A variable's value is literal: no wildcard expansion of what it substitutes.
        ("arn:aws:s3:::bucket/${s3:prefix}", "arn:aws:s3:::bucket/abc", false),
        // Any request-context key can be used.
        ("arn:aws:ec2:${aws:RequestedRegion}:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true),
    ])
    func resourceVariables(pattern: String, resource: String, expected: Bool) {
        let request = Fixture.request("s3:GetObject", resource, context: ["s3:prefix": "a*", "aws:RequestedRegion": "eu-west-1"])
        let effect = Fixture.identity(#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "\#(pattern)"}"#, request)
        #expect((effect == .allow) == expected)
    }

    @Test("policy variables in condition values; literal in 2008-10-17")
    func conditionVariables() {
        #expect(Fixture.condition(#"{"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}"#, context: ["s3:prefix": "home/alice/docs"]))
        #expect(!Fixture.condition(#"{"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}"#, context: ["s3:prefix": "home/bob/docs"]))
        #expect(Fixture.condition(#"{"StringEquals": {"aws:ResourceTag/owner": "${aws:username}"}}"#, context: ["aws:ResourceTag/owner": "alice"]))
        #expect(Fixture.condition(#"{"StringEqualsIgnoreCase": {"aws:ResourceTag/owner": "${aws:username}"}}"#, context: ["aws:ResourceTag/owner": "ALICE"]))
        #expect(Fixture.condition(#"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:${aws:PrincipalAccount}:*"}}"#, context: ["aws:SourceArn": "arn:aws:sns:us-east-1:111122223333:t"]))
        // Unresolvable: never matches, so the negated operator is true.
        #expect(!Fixture.condition(#"{"StringEquals": {"aws:ResourceTag/owner": "${aws:PrincipalTag/nope}"}}"#, context: ["aws:ResourceTag/owner": ""]))
        #expect(Fixture.condition(#"{"StringNotEquals": {"aws:ResourceTag/owner": "${aws:PrincipalTag/nope}"}}"#, context: ["aws:ResourceTag/owner": "x"]))
        // Version 2008-10-17: ${…} is plain text.
        #expect(Fixture.condition(#"{"StringEquals": {"s3:prefix": "${aws:username}"}}"#, context: ["s3:prefix": "${aws:username}"], version: "2008-10-17"))
        #expect(!Fixture.condition(#"{"StringEquals": {"s3:prefix": "${aws:username}"}}"#, context: ["s3:prefix": "alice"], version: "2008-10-17"))
    }

    @Test("Resource variables are literal in 2008-10-17 documents")
    func oldVersion() {
        let json = #"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}}"#
        let policies = PolicySet(identityPolicies: [Fixture.policy(json)])
        #expect(Authorizer.authorize(Fixture.request("s3:GetObject", "arn:aws:s3:::b/alice"), policies).effect == .implicitDeny)
        #expect(Authorizer.authorize(Fixture.request("s3:GetObject", "arn:aws:s3:::b/${aws:username}"), policies).effect == .allow)
    }
}
