import Testing
@testable import WardenPolicy

@Suite("Requests, principals and value parsers")
struct RequestModelTests {
    @Test("principals read from ARNs, account ids and service names")
    func parsePrincipals() throws {
        let user = try #require(PrincipalIdentity(parsing: "arn:aws:iam::111122223333:user/division/alice"))
        #expect(user.kind == .user)
        #expect(user.userName == "alice")
        let session = try #require(PrincipalIdentity(parsing: "arn:aws:sts::111122223333:assumed-role/Deployer/ci"))
        #expect(session.kind == .assumedRole)
        #expect(session.roleArn == "arn:aws:iam::111122223333:role/Deployer")
        #expect(session.principalArn == "arn:aws:iam::111122223333:role/Deployer")
        #expect(PrincipalIdentity(parsing: "111122223333")?.kind == .root)
        #expect(PrincipalIdentity(parsing: "arn:aws:iam::111122223333:root")?.kind == .root)
        #expect(PrincipalIdentity(parsing: "ec2.amazonaws.com")?.kind == .service)
        #expect(PrincipalIdentity(parsing: "arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/s")?.kind == .serviceLinkedRole)
        #expect(PrincipalIdentity(parsing: "bob") == nil)
    }

    @Test("principal-derived context keys, as IAM adds them; request keys win")
    func principalKeys() {
        let request = AuthorizationRequest(
            principal: Fixture.alice, action: "s3:GetObject", resource: "*", context: RequestContext(["aws:username": "override"]))
        #expect(request.context["aws:PrincipalArn"] == ["arn:aws:iam::111122223333:user/alice"])
        #expect(request.context["AWS:PRINCIPALACCOUNT"] == ["111122223333"])
        #expect(request.context["aws:PrincipalType"] == ["User"])
        #expect(request.context["aws:userid"] == ["AIDAEXAMPLEALICE0001"])
        #expect(request.context["aws:PrincipalTag/team"] == ["payments"])
        #expect(request.context["aws:PrincipalIsAWSService"] == ["false"])
        #expect(request.context["aws:username"] == ["override"])
        let role = AuthorizationRequest(principal: Fixture.roleSession, action: "s3:GetObject", resource: "*")
        #expect(role.context["aws:userid"] == ["AROAEXAMPLEDEPLOY001:ci"])
        #expect(role.context["aws:username"] == nil)
    }

    @Test("request context: case-insensitive keys, single and multiple values, removal")
    func context() {
        var context = RequestContext()
        context.set("aws:SourceIp", "10.0.0.1")
        context["aws:TagKeys"] = ["a", "b"]
        #expect(context["AWS:SOURCEIP"] == ["10.0.0.1"])
        #expect(context["aws:tagkeys"] == ["a", "b"])
        context["aws:sourceip"] = nil
        #expect(!context.contains("aws:SourceIp"))
        #expect(context.count == 1)
        #expect(RequestContext(["A:b": "1"]) == RequestContext(["a:B": "1"]))
    }

    @Test("IPv4 and IPv6 addresses", arguments: [
        ("10.0.0.1", true), ("255.255.255.255", true), ("256.1.1.1", false), ("1.2.3", false), ("1.2.3.4.5", false),
        ("::1", true), ("2001:db8::", true), ("2001:DB8:0:0:8:800:200C:417A", true), ("::ffff:192.0.2.128", true),
        ("2001:db8:::1", false), ("1::2::3", false), ("12345::", false), ("", false), ("abc", false),
    ])
    func addresses(text: String, valid: Bool) {
        #expect((IPAddress(text) != nil) == valid)
    }

    @Test("CIDR membership", arguments: [
        ("10.0.0.0/8", "10.255.1.1", true), ("10.0.0.0/8", "11.0.0.1", false), ("0.0.0.0/0", "8.8.8.8", true),
        ("192.168.1.7/32", "192.168.1.7", true), ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::/0", "2001:db8::1", true), ("2001:db8::1/128", "2001:db8::1", true), ("2001:db8::/96", "2001:db8::ff:1", true),
        ("10.0.0.0/8", "::ffff:10.0.0.1", false),
    ])
    func cidr(block: String, address: String, expected: Bool) throws {
        let cidr = try #require(CIDRBlock(block))
        let ip = try #require(IPAddress(address))
        #expect(cidr.contains(ip) == expected)
    }

    @Test("dates: ISO 8601 forms and epoch seconds", arguments: [
        ("1970-01-01T00:00:00Z", 0.0), ("2020-01-01T00:00:00Z", 1_577_836_800), ("2020-01-01", 1_577_836_800),
        ("2020-01-01T01:00:00+01:00", 1_577_836_800), ("2019-12-31T19:00:00-05:00", 1_577_836_800),
        ("2020-01-01T00:00:00.5Z", 1_577_836_800.5), ("1577836800", 1_577_836_800), ("2024-02-29T12:00:00Z", 1_709_208_000),
    ])
    func dates(text: String, seconds: Double) {
        #expect(DateValue.parse(text) == seconds)
    }

    @Test("bad dates are refused", arguments: ["2020-13-01", "2020-01-01T25:00:00Z", "yesterday", "2020-01-01T00:00:00Q", ""])
    func badDates(text: String) {
        #expect(DateValue.parse(text) == nil)
    }

    @Test("policy kinds from command-line spellings")
    func kinds() {
        #expect(PolicyKind(argument: "identity") == .identity(.managed))
        #expect(PolicyKind(argument: "SCP") == .scp)
        #expect(PolicyKind(argument: "role-inline")?.maximumSize == 10_240)
        #expect(PolicyKind(argument: "nope") == nil)
    }
}
