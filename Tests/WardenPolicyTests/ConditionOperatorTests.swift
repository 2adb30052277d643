import Testing
import WardenPolicy

/// Each condition operator, with the examples of AWS's "IAM JSON policy elements: Condition
/// operators" page and its documented semantics for missing keys.
@Suite("Condition operators")
struct ConditionOperatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let condition: String
        var context: [String: String] = [:]
        var multi: [String: [String]] = [:]
        let expected: Bool
        var testDescription: String { name }
    }

    static let string: [Case] = [
        Case(name: "StringEquals matches", condition: #"{"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}"#,
             context: ["aws:PrincipalTag/job-category": "iamuser-admin"], expected: true),
        Case(name: "StringEquals is case-sensitive in values", condition: #"{"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}"#,
             context: ["aws:PrincipalTag/job-category": "IAMUser-Admin"], expected: false),
        Case(name: "condition keys are case-insensitive", condition: #"{"StringEquals": {"AWS:PRINCIPALTAG/JOB-CATEGORY": "iamuser-admin"}}"#,
             context: ["aws:PrincipalTag/job-category": "iamuser-admin"], expected: true),
        Case(name: "StringEquals missing key is false", condition: #"{"StringEquals": {"aws:PrincipalTag/job-category": "iamuser-admin"}}"#, expected: false),
        Case(name: "several values are OR", condition: #"{"StringEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}"#,
             context: ["aws:RequestedRegion": "eu-west-1"], expected: true),
        Case(name: "several keys are AND", condition: #"{"StringEquals": {"aws:RequestedRegion": "us-east-1", "aws:PrincipalTag/team": "ops"}}"#,
             context: ["aws:RequestedRegion": "us-east-1"], expected: false),
        Case(name: "several operators are AND", condition: #"{"StringEquals": {"aws:RequestedRegion": "us-east-1"}, "Bool": {"aws:SecureTransport": "true"}}"#,
             context: ["aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "false"], expected: false),
        Case(name: "StringNotEquals with a different value", condition: #"{"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}"#,
             context: ["aws:RequestedRegion": "eu-west-1"], expected: true),
        Case(name: "StringNotEquals with a listed value", condition: #"{"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "us-west-2"]}}"#,
             context: ["aws:RequestedRegion": "us-west-2"], expected: false),
        Case(name: "StringNotEquals with the key missing is true", condition: #"{"StringNotEquals": {"aws:PrincipalTag/team": "platform"}}"#, expected: true),
        Case(name: "StringEqualsIgnoreCase", condition: #"{"StringEqualsIgnoreCase": {"aws:PrincipalTag/department": "HR"}}"#,
             context: ["aws:PrincipalTag/department": "hr"], expected: true),
        Case(name: "StringNotEqualsIgnoreCase", condition: #"{"StringNotEqualsIgnoreCase": {"aws:PrincipalTag/department": "HR"}}"#,
             context: ["aws:PrincipalTag/department": "Hr"], expected: false),
        Case(name: "StringLike with *", condition: #"{"StringLike": {"s3:prefix": ["", "home/", "home/*"]}}"#,
             context: ["s3:prefix": "home/alice/photos"], expected: true),
        Case(name: "StringLike with ?", condition: #"{"StringLike": {"ec2:InstanceType": "t?.micro"}}"#,
             context: ["ec2:InstanceType": "t3.micro"], expected: true),
        Case(name: "StringLike ? is exactly one character", condition: #"{"StringLike": {"ec2:InstanceType": "t?.micro"}}"#,
             context: ["ec2:InstanceType": "t3a.micro"], expected: false),
        Case(name: "StringLike empty value matches empty", condition: #"{"StringLike": {"s3:prefix": ""}}"#,
             context: ["s3:prefix": ""], expected: true),
        Case(name: "StringNotLike", condition: #"{"StringNotLike": {"s3:prefix": "private/*"}}"#,
             context: ["s3:prefix": "private/x"], expected: false),
        Case(name: "StringNotLike missing key is true", condition: #"{"StringNotLike": {"s3:prefix": "private/*"}}"#, expected: true),
    ]

    static let numericDate: [Case] = [
        Case(name: "NumericLessThanEquals", condition: #"{"NumericLessThanEquals": {"s3:max-keys": "10"}}"#, context: ["s3:max-keys": "10"], expected: true),
        Case(name: "NumericLessThan", condition: #"{"NumericLessThan": {"s3:max-keys": "10"}}"#, context: ["s3:max-keys": "10"], expected: false),
        Case(name: "NumericEquals with decimals", condition: #"{"NumericEquals": {"s3:max-keys": "10.0"}}"#, context: ["s3:max-keys": "10"], expected: true),
        Case(name: "NumericNotEquals", condition: #"{"NumericNotEquals": {"s3:max-keys": "10"}}"#, context: ["s3:max-keys": "11"], expected: true),
        Case(name: "NumericGreaterThan", condition: #"{"NumericGreaterThan": {"aws:MultiFactorAuthAge": "3600"}}"#, context: ["aws:MultiFactorAuthAge": "3601"], expected: true),
        Case(name: "NumericGreaterThanEquals", condition: #"{"NumericGreaterThanEquals": {"aws:MultiFactorAuthAge": "3600"}}"#, context: ["aws:MultiFactorAuthAge": "3599"], expected: false),
        Case(name: "Numeric on a non-number is false", condition: #"{"NumericLessThan": {"s3:max-keys": "10"}}"#, context: ["s3:max-keys": "ten"], expected: false),
        Case(name: "Numeric missing key is false", condition: #"{"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}"#, expected: false),
        Case(name: "DateGreaterThan ISO 8601", condition: #"{"DateGreaterThan": {"aws:TokenIssueTime": "2020-01-01T00:00:01Z"}}"#,
             context: ["aws:TokenIssueTime": "2020-01-01T00:00:02Z"], expected: true),
        Case(name: "DateLessThan with an epoch value", condition: #"{"DateLessThan": {"aws:CurrentTime": "1577836800"}}"#,
             context: ["aws:CurrentTime": "2019-12-31T23:59:59Z"], expected: true),
        Case(name: "DateEquals across forms", condition: #"{"DateEquals": {"aws:CurrentTime": "2020-01-01T01:00:00+01:00"}}"#,
             context: ["aws:CurrentTime": "1577836800"], expected: true),
        Case(name: "DateLessThanEquals date only", condition: #"{"DateLessThanEquals": {"aws:CurrentTime": "2020-01-01"}}"#,
             context: ["aws:CurrentTime": "2020-01-01T00:00:00Z"], expected: true),
        Case(name: "DateGreaterThanEquals fractional seconds", condition: #"{"DateGreaterThanEquals": {"aws:CurrentTime": "2020-01-01T00:00:00.500Z"}}"#,
             context: ["aws:CurrentTime": "2020-01-01T00:00:00.250Z"], expected: false),
        Case(name: "DateNotEquals", condition: #"{"DateNotEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}"#,
             context: ["aws:CurrentTime": "2020-01-02T00:00:00Z"], expected: true),
    ]

    static let other: [Case] = [
        Case(name: "Bool true", condition: #"{"Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": "true"], expected: true),
        Case(name: "Bool values are case-insensitive", condition: #"{"Bool": {"aws:SecureTransport": "true"}}"#, context: ["aws:SecureTransport": "TRUE"], expected: true),
        Case(name: "Bool false", condition: #"{"Bool": {"aws:SecureTransport": "false"}}"#, context: ["aws:SecureTransport": "true"], expected: false),
        Case(name: "Bool missing key is false", condition: #"{"Bool": {"aws:MultiFactorAuthPresent": "false"}}"#, expected: false),
        Case(name: "BinaryEquals", condition: #"{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#,
             context: ["key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="], expected: true),
        Case(name: "BinaryEquals different", condition: #"{"BinaryEquals": {"key": "QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#, context: ["key": "AAAA"], expected: false),
        Case(name: "IpAddress IPv4 CIDR", condition: #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, context: ["aws:SourceIp": "203.0.113.77"], expected: true),
        Case(name: "IpAddress outside", condition: #"{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#, context: ["aws:SourceIp": "203.0.114.1"], expected: false),
        Case(name: "IpAddress IPv6 CIDR", condition: #"{"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}"#,
             context: ["aws:SourceIp": "2001:db8:1234:5678:abcd::1"], expected: true),
        Case(name: "IpAddress IPv6 outside", condition: #"{"IpAddress": {"aws:SourceIp": "2001:DB8:1234:5678::/64"}}"#,
             context: ["aws:SourceIp": "2001:db8:1234:5679::1"], expected: false),
        Case(name: "IpAddress single address", condition: #"{"IpAddress": {"aws:SourceIp": "203.0.113.5"}}"#, context: ["aws:SourceIp": "203.0.113.5"], expected: true),
        Case(name: "NotIpAddress", condition: #"{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}"#, context: ["aws:SourceIp": "172.16.0.1"], expected: true),
        Case(name: "NotIpAddress inside", condition: #"{"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]}}"#, context: ["aws:SourceIp": "10.9.8.7"], expected: false),
        Case(name: "NotIpAddress missing key is true", condition: #"{"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}"#, expected: true),
        Case(name: "ArnEquals", condition: #"{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:my-topic"}}"#,
             context: ["aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:my-topic"], expected: true),
        Case(name: "ArnLike wildcards per part", condition: #"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012:*"}}"#,
             context: ["aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:topic"], expected: true),
        Case(name: "ArnLike: a * does not span ARN parts", condition: #"{"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:123456789012"}}"#,
             context: ["aws:SourceArn": "arn:aws:sns:eu-west-1:123456789012:topic"], expected: false),
        Case(name: "ArnLike resource part keeps its colons", condition: #"{"ArnLike": {"aws:SourceArn": "arn:aws:logs:*:*:log-group:/app/*"}}"#,
             context: ["aws:SourceArn": "arn:aws:logs:us-east-1:123456789012:log-group:/app/web:log-stream:x"], expected: true),
        Case(name: "ArnNotLike", condition: #"{"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/breakglass-*"}}"#,
             context: ["aws:PrincipalArn": "arn:aws:iam::111122223333:role/breakglass-1"], expected: false),
        Case(name: "ArnEquals on a non-ARN is false", condition: #"{"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:t"}}"#,
             context: ["aws:SourceArn": "not-an-arn"], expected: false),
        Case(name: "Null true: key absent", condition: #"{"Null": {"aws:TokenIssueTime": "true"}}"#, expected: true),
        Case(name: "Null true: key present", condition: #"{"Null": {"aws:TokenIssueTime": "true"}}"#, context: ["aws:TokenIssueTime": "2020-01-01T00:00:00Z"], expected: false),
        Case(name: "Null false: key present", condition: #"{"Null": {"aws:TokenIssueTime": "false"}}"#, context: ["aws:TokenIssueTime": "2020-01-01T00:00:00Z"], expected: true),
    ]

    static let ifExists: [Case] = [
        Case(name: "StringLikeIfExists key present and matching", condition: #"{"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}"#,
             context: ["ec2:InstanceType": "t2.micro"], expected: true),
        Case(name: "StringLikeIfExists key present, not matching", condition: #"{"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}"#,
             context: ["ec2:InstanceType": "c5.large"], expected: false),
        Case(name: "StringLikeIfExists key absent", condition: #"{"StringLikeIfExists": {"ec2:InstanceType": ["t1.*", "t2.*", "m3.*"]}}"#, expected: true),
        Case(name: "BoolIfExists absent", condition: #"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#, expected: true),
        Case(name: "BoolIfExists present false", condition: #"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}"#,
             context: ["aws:MultiFactorAuthPresent": "false"], expected: false),
        Case(name: "NumericLessThanIfExists absent", condition: #"{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "60"}}"#, expected: true),
        Case(name: "DateGreaterThanIfExists present", condition: #"{"DateGreaterThanIfExists": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}}"#,
             context: ["aws:TokenIssueTime": "2019-01-01T00:00:00Z"], expected: false),
        Case(name: "IpAddressIfExists absent", condition: #"{"IpAddressIfExists": {"aws:SourceIp": "10.0.0.0/8"}}"#, expected: true),
        Case(name: "ArnLikeIfExists absent", condition: #"{"ArnLikeIfExists": {"aws:SourceArn": "arn:aws:sns:*:*:*"}}"#, expected: true),
        Case(name: "StringNotEqualsIfExists present and equal", condition: #"{"StringNotEqualsIfExists": {"aws:RequestedRegion": "us-east-1"}}"#,
             context: ["aws:RequestedRegion": "us-east-1"], expected: false),
        Case(name: "BinaryEqualsIfExists absent", condition: #"{"BinaryEqualsIfExists": {"key": "AAAA"}}"#, expected: true),
    ]

    static let sets: [Case] = [
        Case(name: "ForAllValues: every request tag key allowed", condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}"#,
             multi: ["aws:TagKeys": ["environment", "cost-center"]], expected: true),
        Case(name: "ForAllValues: one request value not allowed", condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}"#,
             multi: ["aws:TagKeys": ["environment", "owner"]], expected: false),
        Case(name: "ForAllValues: key missing is true", condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["environment"]}}"#, expected: true),
        Case(name: "ForAllValues: empty set is true", condition: #"{"ForAllValues:StringEquals": {"aws:TagKeys": ["environment"]}}"#,
             multi: ["aws:TagKeys": []], expected: true),
        Case(name: "ForAnyValue: one match is enough", condition: #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}"#,
             multi: ["aws:TagKeys": ["owner", "cost-center"]], expected: true),
        Case(name: "ForAnyValue: no match", condition: #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment"]}}"#,
             multi: ["aws:TagKeys": ["owner"]], expected: false),
        Case(name: "ForAnyValue: key missing is false", condition: #"{"ForAnyValue:StringEquals": {"aws:TagKeys": ["environment"]}}"#, expected: false),
        Case(name: "ForAllValues:StringLike", condition: #"{"ForAllValues:StringLike": {"aws:TagKeys": ["key1*"]}}"#,
             multi: ["aws:TagKeys": ["key1a", "key1b"]], expected: true),
        Case(name: "ForAnyValue:StringNotEquals: some value not listed", condition: #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["environment"]}}"#,
             multi: ["aws:TagKeys": ["environment", "owner"]], expected: true),
        Case(name: "ForAllValues:StringNotEquals: every value unlisted", condition: #"{"ForAllValues:StringNotEquals": {"aws:TagKeys": ["environment"]}}"#,
             multi: ["aws:TagKeys": ["environment", "owner"]], expected: false),
        Case(name: "ForAnyValue:StringNotEquals: key missing is false", condition: #"{"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["environment"]}}"#, expected: false),
        Case(name: "single-valued operator on a multivalued key: any value", condition: #"{"StringEquals": {"aws:TagKeys": "owner"}}"#,
             multi: ["aws:TagKeys": ["environment", "owner"]], expected: true),
        Case(name: "negated single-valued operator on a multivalued key: none may match", condition: #"{"StringNotEquals": {"aws:TagKeys": "owner"}}"#,
             multi: ["aws:TagKeys": ["environment", "owner"]], expected: false),
        Case(name: "ForAnyValue:StringLikeIfExists absent", condition: #"{"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": "a*"}}"#, expected: true),
    ]

    @Test("String operators", arguments: string)
    func stringOperators(_ testCase: Case) { check(testCase) }

    @Test("Numeric and Date operators", arguments: numericDate)
    func numericAndDate(_ testCase: Case) { check(testCase) }

    @Test("Bool, Binary, IpAddress, Arn and Null operators", arguments: other)
    func otherOperators(_ testCase: Case) { check(testCase) }

    @Test("...IfExists", arguments: ifExists)
    func ifExistsOperators(_ testCase: Case) { check(testCase) }

    @Test("ForAllValues / ForAnyValue on multivalued keys", arguments: sets)
    func setOperators(_ testCase: Case) { check(testCase) }

    private func check(_ testCase: Case) {
        #expect(Fixture.condition(testCase.condition, context: testCase.context, multi: testCase.multi) == testCase.expected)
    }

    @Test("every operator name parses, with IfExists and set qualifiers; near misses do not")
    func operatorNames() {
        for base in ConditionOperator.Base.allCases where base != .null {
            for name in [base.rawValue, base.rawValue + "IfExists", "ForAllValues:" + base.rawValue, "ForAnyValue:" + base.rawValue + "IfExists"] {
                #expect(ConditionOperator(name: name) != nil, "\(name)")
            }
        }
        #expect(ConditionOperator(name: "Null") != nil)
        for bad in ["StringEqual", "stringequals", "NullIfExists", "ForAllValue:StringEquals", "StringEqualsIfexists", ""] {
            #expect(ConditionOperator(name: bad) == nil, "\(bad)")
        }
    }

    @Test("a statement whose condition lacks a key reports the missing key")
    func missingKeys() {
        let policy = Fixture.policy(#"{"Sid": "NeedsMfa", "Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#)
        let decision = Authorizer.authorize(Fixture.request("iam:CreateUser"), PolicySet(identityPolicies: [policy]))
        #expect(decision.effect == .implicitDeny)
        #expect(Array(decision.explanation.missingContextKeys) == ["aws:MultiFactorAuthPresent"])
        #expect(decision.explanation.description.contains("request lacks context key aws:MultiFactorAuthPresent"))
    }
}
