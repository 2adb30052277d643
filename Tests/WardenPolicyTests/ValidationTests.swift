import Testing
import WardenPolicy

/// Validation as IAM / Organizations do it when a policy is created.
@Suite("Validation per policy kind")
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let kind: PolicyKind
        let json: String
        /// Expected error (path, message fragment); nil = no errors.
        let error: (path: String, message: String)?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid identity policy", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Sid":"ReadBucket","Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"arn:aws:s3:::bucket/*"}}"#,
             error: nil),
        Case(name: "unknown operator, with its path", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"bob"}}}]}"#,
             error: ("Statement[2].Condition", #"unknown operator "StringEqual""#)),
        Case(name: "unknown top-level element", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statment":[]}"#, error: ("Statment", #"unknown element "Statment""#)),
        Case(name: "unknown statement element", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Actions":"*","Resource":"*"}}"#,
             error: ("Statement.Actions", "unknown element")),
        Case(name: "duplicated element", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Action":"s3:*","Resource":"*"}}"#,
             error: ("Statement.Action", "duplicate key")),
        Case(name: "Action and NotAction together", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","NotAction":"iam:*","Resource":"*"}}"#,
             error: ("Statement.NotAction", "both Action and NotAction")),
        Case(name: "missing Effect", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Action":"*","Resource":"*"}}"#, error: ("Statement", "missing required element Effect")),
        Case(name: "bad Effect", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"*","Resource":"*"}}"#, error: ("Statement.Effect", "Effect must be")),
        Case(name: "missing Action", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Resource":"*"}}"#, error: ("Statement", "Action or NotAction")),
        Case(name: "missing Resource in an identity policy", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*"}}"#, error: ("Statement", "Resource or NotResource")),
        Case(name: "malformed ARN", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:bucket"}}"#,
             error: ("Statement.Resource", "malformed ARN")),
        Case(name: "resource that is not an ARN", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket/key"}}"#,
             error: ("Statement.Resource", "expected an ARN")),
        Case(name: "malformed action", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3GetObject","Resource":"*"}}"#,
             error: ("Statement.Action", "invalid action")),
        Case(name: "Principal in an identity policy", kind: .identity(.userInline),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}"#,
             error: ("Statement.Principal", "must not have Principal")),
        Case(name: "Principal missing from a resource policy", kind: .resource,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
             error: ("Statement", "must have Principal or NotPrincipal")),
        Case(name: "valid bucket policy", kind: .resource,
             json: #"{"Version":"2012-10-17","Statement":{"Sid":"Public read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
             error: nil),
        Case(name: "wildcard in a principal ARN", kind: .resource,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:user/*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
             error: ("Statement.Principal.AWS", "wildcards are not allowed")),
        Case(name: "unknown principal type", kind: .resource,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"User":"bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}"#,
             error: ("Statement.Principal.User", "unknown principal type")),
        Case(name: "trust policy with Resource", kind: .trust,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}}"#,
             error: ("Statement.Resource", "must not have Resource")),
        Case(name: "valid trust policy", kind: .trust,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}"#,
             error: nil),
        Case(name: "SCP with Principal", kind: .scp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"iam:*","Resource":"*"}}"#,
             error: ("Statement.Principal", "must not have Principal")),
        Case(name: "valid SCP", kind: .scp,
             json: #"{"Version":"2012-10-17","Statement":{"Sid":"DenyIAM","Effect":"Deny","Action":"iam:*","Resource":"*"}}"#, error: nil),
        Case(name: "RCP Principal other than *", kind: .rcp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"*"}}"#,
             error: ("Statement.Principal", #"must be "*""#)),
        Case(name: "RCP Allow", kind: .rcp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}}"#,
             error: ("Statement.Effect", "may only Deny")),
        Case(name: "RCP unsupported service", kind: .rcp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"ec2:RunInstances","Resource":"*"}}"#,
             error: ("Statement.Action", "do not support service")),
        Case(name: "RCP NotAction", kind: .rcp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"}}"#,
             error: ("Statement.NotAction", "do not support NotAction")),
        Case(name: "valid RCP", kind: .rcp,
             json: #"{"Version":"2012-10-17","Statement":{"Sid":"EnforceTLS","Effect":"Deny","Principal":"*","Action":["s3:*","sqs:*"],"Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}}"#,
             error: nil),
        Case(name: "duplicate Sid", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"iam:*","Resource":"*"}]}"#,
             error: ("Statement[1].Sid", "duplicate Sid")),
        Case(name: "bad Bool value", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}}"#,
             error: ("Statement.Condition.Bool.aws:SecureTransport", #"needs "true" or "false""#)),
        Case(name: "bad CIDR", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}}"#,
             error: ("Statement.Condition.IpAddress.aws:SourceIp", "CIDR")),
        Case(name: "bad date", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"yesterday"}}}}"#,
             error: ("Statement.Condition.DateGreaterThan.aws:CurrentTime", "ISO 8601")),
        Case(name: "NullIfExists does not exist", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:TokenIssueTime":"true"}}}}"#,
             error: ("Statement.Condition", #"unknown operator "NullIfExists""#)),
        Case(name: "empty Statement list", kind: .identity(.managed),
             json: #"{"Version":"2012-10-17","Statement":[]}"#, error: ("Statement", "at least one statement")),
        Case(name: "not an object", kind: .identity(.managed), json: "[1,2]", error: ("", "must be a JSON object")),
        Case(name: "NotPrincipal with Allow is not supported", kind: .resource,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"s3:GetObject","Resource":"*"}}"#,
             error: ("Statement.NotPrincipal", #"must be used with "Effect": "Deny""#)),
        Case(name: "NotPrincipal in a trust policy", kind: .trust,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}}"#,
             error: ("Statement.NotPrincipal", "must not use NotPrincipal")),
        Case(name: "NotPrincipal in an SCP", kind: .scp,
             json: #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"Action":"*","Resource":"*"}}"#,
             error: ("Statement.NotPrincipal", "must not have NotPrincipal")),
    ]

    @Test("case table", arguments: cases)
    func validate(_ testCase: Case) {
        let findings = PolicyValidator.validate(json: testCase.json, kind: testCase.kind)
        let errors = findings.filter { $0.severity == .error }
        if let expected = testCase.error {
            #expect(errors.contains { $0.path == expected.path && $0.message.contains(expected.message) }, "got \(findings)")
        } else {
            #expect(errors.isEmpty, "got \(findings)")
        }
    }

    @Test("finding descriptions read as path: message")
    func description() {
        let findings = PolicyValidator.validate(
            json: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqual":{"aws:username":"x"}}}]}"#,
            kind: .identity(.managed))
        #expect(findings.map(\.description).contains { $0.hasPrefix(#"error: Statement[2].Condition: unknown operator "StringEqual""#) })
    }

    @Test("size limits per kind, counted without whitespace", arguments: [
        (PolicyKind.identity(.userInline), 2_048), (.identity(.groupInline), 5_120), (.identity(.roleInline), 10_240),
        (.identity(.managed), 6_144), (.scp, 5_120), (.rcp, 5_120),
    ])
    func sizeLimits(kind: PolicyKind, limit: Int) {
        func document(size target: Int) -> String {
            let base = #"{"Version":"2012-10-17","Statement":{"Sid":"","Effect":"Deny","Action":"s3:GetObject","Resource":"*"}}"#
            let padding = String(repeating: "A", count: target - base.count)
            return base.replacing(#""Sid":"""#, with: #""Sid":"\#(padding)""#)
        }
        let atLimit = document(size: limit)
        let over = document(size: limit + 1)
        #expect(!PolicyValidator.validate(json: atLimit, kind: kind).contains { $0.message.contains("at most") })
        #expect(PolicyValidator.validate(json: over, kind: kind).contains { $0.message.contains("at most \(limit)") })
        // IAM does not count whitespace; Organizations counts every character of SCPs and RCPs.
        let spaced = atLimit.replacing(",", with: ",   \n  ")
        #expect(PolicyValidator.validate(json: spaced, kind: kind).contains { $0.message.contains("at most") } == kind.sizeCountsWhitespace)
    }

    @Test("a document without Version gets a warning, not an error")
    func missingVersion() {
        let findings = PolicyValidator.validate(json: #"{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, kind: .identity(.managed))
        #expect(findings.count == 1)
        #expect(findings.first?.severity == .warning)
    }
}
