import Foundation
import Testing
@testable import WardenAWS

/// Requests signed by botocore itself (the code inside the AWS CLI and boto3) must verify.
///
/// Runs `python3` with botocore as a subprocess. When it is missing the test fails and says how
/// to install it: the point is to check against the real client, never to skip.
struct BotocoreSigningTests {
    struct Signed: Decodable {
        let method: String
        let url: String
        let headers: [[String]]
        let body: String
    }

    static let accessKeyID = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    static func runBotocore(_ script: String) async throws -> Signed {
        try JSONDecoder().decode(Signed.self, from: Data(await Python.run(script).utf8))
    }

    static let prelude = """
        import json, sys
        try:
            from botocore.auth import SigV4Auth, SigV4QueryAuth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
        except ImportError as e:
            sys.stderr.write("No module named botocore: pip install boto3\\n"); sys.exit(3)
        def dump(req, body):
            print(json.dumps({"method": req.method, "url": req.url,
                              "headers": [[k, v] for k, v in req.headers.items()], "body": body}))
        """

    /// Turns botocore's URL into our request: path and query as sent on the wire.
    static func request(from signed: Signed) -> AWSHTTPRequest {
        let url = signed.url
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? url[...]
        let slash = afterScheme.firstIndex(of: "/")
        let host = String(slash.map { afterScheme[..<$0] } ?? afterScheme)
        let target = slash.map { String(afterScheme[$0...]) } ?? "/"
        var headers = signed.headers.map { ($0[0], $0[1]) }
        if !headers.contains(where: { $0.0.lowercased() == "host" }) { headers.insert(("Host", host), at: 0) }
        return AWSHTTPRequest(method: signed.method, target: target, headers: headers, body: signed.body)
    }

    @Test func botocoreAuthorizationHeaderVerifies() async throws {
        let script =
            Self.prelude + """

            creds = Credentials("\(Self.accessKeyID)", "\(Self.secret)", "session/token+==")
            body = "Action=CreateUser&Version=2010-05-08&UserName=al%C3%AF%20ce&Path=%2Fdiv%2Fteam%2F&Tags.member.1.Key=k%2B1"
            req = AWSRequest(method="POST", url="https://iam.amazonaws.com/", data=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
            SigV4Auth(creds, "iam", "us-east-1").add_auth(req)
            dump(req, body)
            """
        let signed = try await Self.runBotocore(script)
        let request = Self.request(from: signed)
        let amzDate = try #require(request.header("X-Amz-Date"))
        let now = try #require(AWSTimestamp.parseAmzDate(amzDate))
        let credential = try SigV4.parse(request, now: now)
        #expect(credential.accessKeyID == Self.accessKeyID)
        #expect(credential.scope == CredentialScope(date: String(amzDate.prefix(8)), region: "us-east-1", service: "iam"))
        #expect(credential.securityToken == "session/token+==")
        try SigV4Verifier().verify(credential, request: request, secretAccessKey: Self.secret)
        #expect(throws: AWSServiceError.signatureDoesNotMatch()) {
            try SigV4Verifier().verify(credential, request: request, secretAccessKey: "x" + Self.secret.dropFirst())
        }
    }

    @Test func botocorePresignedURLVerifies() async throws {
        let script =
            Self.prelude + """

            creds = Credentials("\(Self.accessKeyID)", "\(Self.secret)")
            req = AWSRequest(method="GET", url="https://sts.amazonaws.com/",
                             params={"Action": "GetCallerIdentity", "Version": "2011-06-15", "Odd Name": "a b/c~*"})
            SigV4QueryAuth(creds, "sts", "us-east-1", expires=300).add_auth(req)
            dump(req, "")
            """
        let signed = try await Self.runBotocore(script)
        let request = Self.request(from: signed)
        let credential = try SigV4.parse(request, now: Date())
        #expect(credential.form == .presignedQuery(expires: 300))
        #expect(credential.scope.service == "sts")
        try SigV4Verifier().verify(credential, request: request, secretAccessKey: Self.secret)
        #expect(throws: AWSServiceError.requestExpired) { try SigV4.parse(request, now: Date() + 600) }
    }
}
