import Foundation
import Testing
@testable import WardenAWS

struct QueryDecoderTests {
    func params(_ body: String) throws -> QueryParameters {
        try QueryParameters(formEncoded: Array(body.utf8))
    }

    @Test func decodesScalarsListsAndStructures() throws {
        let p = try params(
            "Action=CreateUser&Version=2010-05-08&UserName=al%C3%AFce+b&Path=%2Fdiv%2F&Tags.member.1.Key=team&Tags.member.1.Value=a%26b&Tags.member.2.Key=env&Tags.member.2.Value=")
        let input = try QueryDecoder().decode(CreateUser.Input.self, from: p)
        #expect(input.UserName == "alïce b")
        #expect(input.Path == "/div/")
        #expect(input.PermissionsBoundary == nil)
        #expect(input.Tags == [Tag(Key: "team", Value: "a&b"), Tag(Key: "env", Value: "")])
    }

    @Test func emptyListAndOptionalNumbers() throws {
        struct Input: Decodable { var Names: [String]; var Count: Int?; var Flag: Bool?; var When: Date? }
        let input = try QueryDecoder().decode(
            Input.self, from: params("Names=&Flag=true&When=2026-11-29T19:35:36Z"))
        #expect(input.Names == [])
        #expect(input.Count == nil)
        #expect(input.Flag == true)
        #expect(input.When == AWSTimestamp.parseISO8601("2026-11-29T19:35:36Z"))
        let listed = try QueryDecoder().decode(Input.self, from: params("Names.member.1=a&Names.member.2=b&Count=3"))
        #expect(listed.Names == ["a", "b"])
        #expect(listed.Count == 3)
    }

    @Test func mapsAndNestedStructures() throws {
        struct Inner: Decodable { var Name: String; var Level: Int }
        struct Input: Decodable { var Attributes: [String: String]; var Owner: Inner }
        let input = try QueryDecoder().decode(
            Input.self,
            from: params("Attributes.entry.1.key=a&Attributes.entry.1.value=1&Attributes.entry.2.key=b&Attributes.entry.2.value=2&Owner.Name=x&Owner.Level=2"))
        #expect(input.Attributes == ["a": "1", "b": "2"])
        #expect(input.Owner.Name == "x")
        #expect(input.Owner.Level == 2)
    }

    @Test func missingRequiredParameter() throws {
        #expect(throws: AWSServiceError.missingRequiredMember("UserName")) {
            try QueryDecoder().decode(CreateUser.Input.self, from: params("Action=CreateUser&Path=%2F"))
        }
        let e = AWSServiceError.missingRequiredMember("UserName")
        #expect(e.code == "ValidationError")
        #expect(e.status == 400)
        #expect(e.message == "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")
        #expect(throws: AWSServiceError.missingRequiredMember("Tags.member.1.Value")) {
            try QueryDecoder().decode(CreateUser.Input.self, from: params("UserName=a&Tags.member.1.Key=k"))
        }
    }

    @Test func unknownParametersAreRejectedButEnvelopeIsNot() throws {
        #expect(throws: AWSServiceError.unknownParameter("Colour")) {
            try QueryDecoder().decode(CreateUser.Input.self, from: params("Action=CreateUser&Version=2010-05-08&UserName=a&Colour=red"))
        }
        #expect(throws: AWSServiceError.unknownParameter("Tags.member.3.Key")) {
            // a gap in the list: member 3 without member 2 is never read
            try QueryDecoder().decode(
                CreateUser.Input.self,
                from: params("UserName=a&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.3.Key=k&Tags.member.3.Value=v"))
        }
        let lenient = try QueryDecoder(rejectsUnknownParameters: false).decode(
            CreateUser.Input.self, from: params("UserName=a&Colour=red&X-Amz-Date=20150830T123600Z"))
        #expect(lenient.UserName == "a")
    }

    @Test func malformedBodies() {
        let error = #expect(throws: AWSServiceError.self) { try params("Action=CreateUser&UserName=%ZZ") }
        #expect(error?.code == "MalformedQueryString")
        #expect(throws: AWSServiceError.self) { try params("UserName=%C3") }  // truncated UTF-8
        #expect(throws: AWSServiceError.self) { try params("UserName=abc%2") }
        #expect(throws: AWSServiceError.self) { try QueryParameters(formEncoded: [0x55, 0x3D, 0x61, 0xC3]) }  // raw bytes, not UTF-8
    }

    @Test func formDecoding() throws {
        let p = try params("UserName=a+b%2Bc&Path=%2Fx%2f&&Empty=&Flag")
        #expect(p["UserName"] == "a b+c")
        #expect(p["Path"] == "/x/")
        #expect(p["Empty"] == "")
        #expect(p["Flag"] == "")
    }

    @Test func wrongTypesAreInvalidParameterValues() throws {
        let error = #expect(throws: AWSServiceError.self) {
            try QueryDecoder().decode(ListUsers.Input.self, from: params("MaxItems=lots"))
        }
        #expect(error?.code == "InvalidParameterValue")
        #expect(error?.message == "Invalid integer value 'lots' for parameter MaxItems")
    }

    @Test func requestParametersMergeQueryAndBody() throws {
        let request = AWSHTTPRequest(
            method: "POST", target: "/?Action=ListUsers",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: "Version=2010-05-08&MaxItems=5")
        let p = try QueryParameters(request: request)
        #expect(p.action == "ListUsers")
        #expect(p.version == "2010-05-08")
        #expect(p["MaxItems"] == "5")
    }
}

struct ValidationTests {
    @Test func awsMessageForOneViolation() {
        var v = Validator()
        let long = String(repeating: "a", count: 65)
        v.length("UserName", long, 1...64)
        #expect(
            v.message
                == "1 validation error detected: Value '\(long)' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64"
        )
    }

    @Test func awsMessageForSeveralViolations() {
        var v = Validator()
        v.pattern("UserName", "bad name!", .iamName)
        v.range("MaxItems", 0, 1...1000)
        v.oneOf("Status", "Sleeping", ["Active", "Inactive"])
        v.length("Password", "", 1...128, sensitive: true)
        #expect(
            v.message
                == "4 validation errors detected: Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+; Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1; Value 'Sleeping' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]; Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 1"
        )
    }

    @Test func patternsWithoutRegex() {
        #expect(TextPattern.iamName.matches("Alice.B+c=d,e@f-g_9"))
        #expect(!TextPattern.iamName.matches(""))
        #expect(!TextPattern.iamName.matches("a b"))
        #expect(!TextPattern.iamName.matches("ä"))
        #expect(TextPattern.iamPath.matches("/"))
        #expect(TextPattern.iamPath.matches("/division_abc/subdivision_xyz/"))
        #expect(!TextPattern.iamPath.matches("//x"))
        #expect(!TextPattern.iamPath.matches("/a b/"))
        #expect(!TextPattern.iamPath.matches("a/"))
        #expect(TextPattern.roleSessionName.matches(""))
        #expect(TextPattern.iamPolicyDocument.matches("{\"Version\": \"2012-10-17\"}\n"))
        #expect(TextPattern.accountID.matches("012345678901"))
        #expect(!TextPattern.accountID.matches("12345678901"))
    }

    @Test func validationRunsAfterDecodingPerProtocol() throws {
        let body = "Action=CreateUser&Version=2010-05-08&UserName=" + String(repeating: "x", count: 65)
        let request = AWSHTTPRequest(method: "POST", target: "/", headers: [], body: body)
        let call = try AWSCall(request: request, protocol: .iam, knownOperations: ["CreateUser"], requestID: "r")
        let error = #expect(throws: AWSServiceError.self) { try call.decodeInput(CreateUser.Input.self) }
        #expect(error?.code == "ValidationError")
        #expect(error?.status == 400)
        #expect(error?.message.hasPrefix("1 validation error detected: Value 'xxx") == true)

        let json = AWSHTTPRequest(
            method: "POST", target: "/", headers: [("X-Amz-Target", "AWSOrganizationsV20161128.DescribeOrganizationalUnit")],
            body: #"{"OrganizationalUnitId":"ou-ab"}"#)
        let orgCall = try AWSCall(request: json, protocol: .organizations, knownOperations: ["DescribeOrganizationalUnit"])
        let orgError = #expect(throws: AWSServiceError.self) { try orgCall.decodeInput(DescribeOrganizationalUnit.Input.self) }
        #expect(orgError?.code == "InvalidInputException")
        #expect(orgError?.extraMembers["Reason"] == "INVALID_PATTERN")
    }
}
