import Foundation
import Testing
@testable import WardenAWS

struct EncodingTests {
    static let created = AWSTimestamp.parseISO8601("2026-11-29T19:35:36Z")!
    static let user = CreateUser.User(
        Path: "/", UserName: "a<b>&\"c'", UserId: "AIDAEXAMPLEEXAMPLE123", Arn: "arn:aws:iam::123456789012:user/a",
        CreateDate: created, Tags: [Tag(Key: "k", Value: "v")])

    @Test func queryResponseXML() throws {
        let body = try QueryXMLEncoder().response(
            operation: "CreateUser", output: CreateUser.Output(User: Self.user),
            xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/", requestID: "req-1")
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"<CreateUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><CreateUserResult><User><Path>/</Path><UserName>a&lt;b&gt;&amp;&quot;c&apos;</UserName><UserId>AIDAEXAMPLEEXAMPLE123</UserId><Arn>arn:aws:iam::123456789012:user/a</Arn><CreateDate>2026-11-29T19:35:36Z</CreateDate><Tags><member><Key>k</Key><Value>v</Value></member></Tags></User></CreateUserResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></CreateUserResponse>"#
        )
    }

    @Test func listsBooleansOmittedOptionalsAndEmptyOutput() throws {
        var xml = XMLWriter()
        try QueryXMLEncoder().encode(ListUsers.Output(Users: [], IsTruncated: false, Marker: nil), into: &xml)
        #expect(xml.text == "<Users></Users><IsTruncated>false</IsTruncated>")
        let empty = try QueryXMLEncoder().response(
            operation: "DeleteUser", output: EmptyOutput(), xmlNamespace: "ns", requestID: "r")
        #expect(
            String(decoding: empty, as: UTF8.self)
                == #"<DeleteUserResponse xmlns="ns"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>"#)
    }

    @Test func jsonOutputUsesEpochSeconds() throws {
        let status = CreateAccount.Status(Id: "car-1", AccountName: "x", State: "IN_PROGRESS", RequestedTimestamp: Self.created)
        let body = try JSON11Codec.encode(CreateAccount.Output(CreateAccountStatus: status))
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"CreateAccountStatus":{"AccountName":"x","Id":"car-1","RequestedTimestamp":1795980936,"State":"IN_PROGRESS"}}"#)
        #expect(String(decoding: try JSON11Codec.encode(EmptyOutput()), as: UTF8.self) == "{}")
    }

    @Test func jsonInputErrors() throws {
        let malformed = #expect(throws: AWSServiceError.self) {
            try JSON11Codec.decode(CreateAccount.Input.self, from: Array("{not json".utf8))
        }
        #expect(malformed?.code == "SerializationException")
        let missing = #expect(throws: AWSServiceError.self) {
            try JSON11Codec.decode(CreateAccount.Input.self, from: Array(#"{"Email":"a@b.c"}"#.utf8))
        }
        #expect(missing?.code == "InvalidInputException")
        #expect(missing?.extraMembers["Reason"] == "INPUT_REQUIRED")
        let wrongType = #expect(throws: AWSServiceError.self) {
            try JSON11Codec.decode(CreateAccount.Input.self, from: Array(#"{"Email":1,"AccountName":"x"}"#.utf8))
        }
        #expect(wrongType?.code == "SerializationException")
        // Unknown members are ignored, as AWS JSON services do.
        let input = try JSON11Codec.decode(
            CreateAccount.Input.self, from: Array(#"{"Email":"a@b.c","AccountName":"x","FutureMember":true}"#.utf8))
        #expect(input.AccountName == "x")
    }

    @Test func errorRendering() {
        let query = AWSServiceError.noSuchEntity("The user with name bob cannot be found.").response(for: .iam, requestID: "r1")
        #expect(query.status == 404)
        #expect(query.header("Content-Type") == "text/xml")
        #expect(
            query.bodyText
                == #"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#
        )
        let sts = AWSServiceError.expiredToken.response(for: .sts, requestID: "r2")
        #expect(sts.bodyText.hasPrefix(#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"#))
        let json = AWSServiceError.invalidInput(reason: "INVALID_PATTERN", message: "bad \"id\"")
            .response(for: .organizations, requestID: "r3")
        #expect(json.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(json.header("x-amzn-RequestId") == "r3")
        #expect(json.bodyText == #"{"Message":"bad \"id\"","Reason":"INVALID_PATTERN","__type":"InvalidInputException"}"#)
        #expect(AWSServiceError.internalFailure.fault == .receiver)
    }

    /// botocore's own parsers must read our bodies back into the same code, message and data.
    @Test func botocoreParsesWhatWeRender() async throws {
        let created = Self.created
        let iamError = AWSServiceError.entityAlreadyExists("User with name a<b> already exists.").response(for: .iam, requestID: "rq-1")
        let orgError = AWSServiceError.invalidInput(reason: "INVALID_PATTERN", message: "ou id \"x\" is bad")
            .response(for: .organizations, requestID: "rq-2")
        let ok = try QueryXMLEncoder().response(
            operation: "CreateUser", output: CreateUser.Output(User: Self.user),
            xmlNamespace: "https://iam.amazonaws.com/doc/2010-05-08/", requestID: "rq-3")
        let orgOK = try JSON11Codec.encode(
            CreateAccount.Output(
                CreateAccountStatus: .init(Id: "car-abcdefgh", AccountName: "x", State: "SUCCEEDED", RequestedTimestamp: created)))
        func b64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
        let script = """
            import base64, json, sys
            try:
                import botocore.session
                from botocore import parsers
            except ImportError:
                sys.stderr.write("pip install boto3\\n"); sys.exit(3)
            s = botocore.session.get_session()
            iam = s.get_service_model('iam'); org = s.get_service_model('organizations')
            def resp(b, status, headers): return {'body': base64.b64decode(b), 'status_code': status, 'headers': headers}
            q = parsers.create_parser('query'); j = parsers.create_parser('json')
            e1 = q.parse(resp('\(b64(iamError.body))', 409, {}), iam.operation_model('CreateUser').output_shape)
            e2 = j.parse(resp('\(b64(orgError.body))', 400, {'x-amzn-requestid': 'rq-2'}), org.operation_model('CreateAccount').output_shape)
            o1 = q.parse(resp('\(b64(ok))', 200, {}), iam.operation_model('CreateUser').output_shape)
            o2 = j.parse(resp('\(b64(orgOK))', 200, {}), org.operation_model('CreateAccount').output_shape)
            print(json.dumps({
              'e1': [e1['Error']['Code'], e1['Error']['Message'], e1['ResponseMetadata']['RequestId']],
              'e2': [e2['Error']['Code'], e2['Error']['Message'], e2['ResponseMetadata']['RequestId']],
              'o1': [o1['User']['UserName'], o1['User']['CreateDate'].isoformat(), o1['User']['Tags'][0]['Key'], o1['ResponseMetadata']['RequestId']],
              'o2': [o2['CreateAccountStatus']['State'], o2['CreateAccountStatus']['RequestedTimestamp'].isoformat()],
            }))
            """
        let output = try await Python.run(script)
        let parsed = try JSONDecoder().decode([String: [String]].self, from: Data(output.utf8))
        #expect(parsed["e1"] == ["EntityAlreadyExists", "User with name a<b> already exists.", "rq-1"])
        #expect(parsed["e2"] == ["InvalidInputException", "ou id \"x\" is bad", "rq-2"])
        #expect(parsed["o1"] == ["a<b>&\"c'", "2026-11-29T19:35:36+00:00", "k", "rq-3"])
        #expect(parsed["o2"] == ["SUCCEEDED", "2026-11-29T19:35:36+00:00"])
    }
}
