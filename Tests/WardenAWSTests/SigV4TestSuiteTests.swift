import Foundation
import Testing
@testable import WardenAWS

/// The AWS Signature Version 4 test suite (AKIDEXAMPLE, us-east-1, service "service",
/// 20150830T123600Z): each signed request must verify with the sample secret, and must not
/// with any other.
struct SigV4TestSuiteTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let name: String
        let sreq: String
        var testDescription: String { name }
    }

    static func auth(_ signedHeaders: String, _ signature: String) -> String {
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    static let vectors: [Vector] = [
        Vector(name: "get-vanilla", sreq: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            """),
        Vector(name: "get-vanilla-empty-query-key", sreq: """
            GET /?Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"))
            """),
        Vector(name: "get-vanilla-query-order-key", sreq: """
            GET /?Param1=value2&Param1=Value1 HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"))
            """),
        Vector(name: "get-vanilla-query-order-key-case", sreq: """
            GET /?Param2=value2&Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
            """),
        Vector(name: "get-vanilla-query-order-value", sreq: """
            GET /?Param1=value2&Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694"))
            """),
        Vector(name: "get-vanilla-query-unreserved", sreq: """
            GET /?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"))
            """),
        Vector(name: "get-unreserved", sreq: """
            GET /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"))
            """),
        Vector(name: "get-header-key-duplicate", sreq: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value2
            My-Header1:value2
            My-Header1:value1
            X-Amz-Date:20150830T123600Z
            \(auth("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"))
            """),
        Vector(name: "get-header-value-order", sreq: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value4
            My-Header1:value1
            My-Header1:value3
            My-Header1:value2
            X-Amz-Date:20150830T123600Z
            \(auth("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"))
            """),
        Vector(name: "get-header-value-trim", sreq: """
            GET / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1: value1
            My-Header2: "a   b   c"
            X-Amz-Date:20150830T123600Z
            \(auth("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"))
            """),
        Vector(name: "post-vanilla", sreq: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
            """),
        Vector(name: "post-vanilla-query", sreq: """
            POST /?Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"))
            """),
        Vector(name: "post-header-key-sort", sreq: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:value1
            X-Amz-Date:20150830T123600Z
            \(auth("host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"))
            """),
        Vector(name: "post-header-value-case", sreq: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:VALUE1
            X-Amz-Date:20150830T123600Z
            \(auth("host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"))
            """),
        Vector(name: "post-sts-header-before", sreq: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
            \(auth("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"))
            """),
        Vector(name: "post-sts-header-after", sreq: """
            POST / HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            X-Amz-Security-Token:AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
            \(auth("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
            """),
        Vector(name: "post-x-www-form-urlencoded", sreq: """
            POST / HTTP/1.1
            Content-Type:application/x-www-form-urlencoded
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"))

            Param1=value1
            """),
        Vector(name: "post-x-www-form-urlencoded-parameters", sreq: """
            POST / HTTP/1.1
            Content-Type:application/x-www-form-urlencoded; charset=utf8
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"))

            Param1=value1
            """),
        Vector(name: "normalize-path/get-relative", sreq: """
            GET /example/.. HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            """),
        Vector(name: "normalize-path/get-relative-relative", sreq: """
            GET /example1/example2/../.. HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            """),
        Vector(name: "normalize-path/get-slash", sreq: """
            GET // HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            """),
        Vector(name: "normalize-path/get-slash-dot-slash", sreq: """
            GET /./ HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
            """),
        Vector(name: "normalize-path/get-slash-pointless-dot", sreq: """
            GET /./example HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5"))
            """),
        Vector(name: "normalize-path/get-slashes", sreq: """
            GET //example// HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"))
            """),
        Vector(name: "normalize-path/get-space", sreq: """
            GET /example space/ HTTP/1.1
            Host:example.amazonaws.com
            X-Amz-Date:20150830T123600Z
            \(auth("host;x-amz-date", "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"))
            """),
    ]

    @Test(arguments: vectors)
    func suiteRequestVerifies(_ vector: Vector) throws {
        let request = SigV4Fixtures.request(vector.sreq)
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        #expect(credential.accessKeyID == "AKIDEXAMPLE")
        #expect(credential.scope == CredentialScope(date: "20150830", region: "us-east-1", service: "service"))
        let verifier = SigV4Verifier()
        #expect(throws: Never.self) {
            try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret)
        }
        #expect(throws: AWSServiceError.signatureDoesNotMatch()) {
            try verifier.verify(credential, request: request, secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEX")
        }
    }

    @Test func canonicalRequestMatchesTheSuiteText() {
        let request = SigV4Fixtures.request(
            """
            GET /?Param2=value2&Param1=value1 HTTP/1.1
            Host:example.amazonaws.com
            My-Header1:  a   b
            X-Amz-Date:20150830T123600Z
            """)
        let canonical = SigV4Canonicalizer.canonicalRequest(
            request, signedHeaders: ["host", "my-header1", "x-amz-date"],
            payloadHash: SigV4Canonicalizer.emptyPayloadHash, pathEncoding: .normalizedDoubleEncoded,
            excludeSignatureFromQuery: false)
        #expect(
            String(decoding: canonical, as: UTF8.self) == """
                GET
                /
                Param1=value1&Param2=value2
                host:example.amazonaws.com
                my-header1:a b
                x-amz-date:20150830T123600Z

                host;my-header1;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
    }

    /// Escapes as clients really send them: lower-case hex, escaped unreserved bytes, `+`, a broken escape, a
    /// name without value, and an escaped `X-Amz-Signature` (left out of a presigned request's canonical query).
    @Test func canonicalQueryReencodesWhatIsNotCanonical() {
        var out: [UInt8] = []
        SigV4Canonicalizer.appendCanonicalQuery(
            "e=%zz&a=%7e&b=%2f&c=%2F&d=x+y&f&X%2DAmz-Signature=abc&g=%41%42", excludeSignature: true, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "a=~&b=%2F&c=%2F&d=x%2By&e=%25zz&f=&g=AB")
        out = []
        SigV4Canonicalizer.appendCanonicalQuery("X%2DAmz-Signature=abc", excludeSignature: false, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "X-Amz-Signature=abc")
    }

    @Test func signerReproducesGetVanilla() {
        let signer = SigV4Signer(
            accessKeyID: SigV4Fixtures.accessKeyID, secretAccessKey: SigV4Fixtures.secret, region: "us-east-1",
            service: "service")
        let signed = signer.sign(
            AWSHTTPRequest(method: "GET", target: "/", headers: [("Host", "example.amazonaws.com")]),
            date: SigV4Fixtures.suiteDate)
        #expect(
            signed.header("Authorization")
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    }
}
