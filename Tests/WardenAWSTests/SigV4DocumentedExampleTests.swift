import Foundation
import Testing
@testable import WardenAWS

/// The IAM `ListUsers` examples from AWS's "Examples of signed Signature Version 4 requests",
/// and the failure cases every verifier must get right.
struct SigV4DocumentedExampleTests {
    static let listUsersHeaders: [(String, String)] = [
        ("Host", "iam.amazonaws.com"),
        ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
        ("X-Amz-Date", "20150830T123600Z"),
    ]

    static func listUsers(authorization: String? = nil) -> AWSHTTPRequest {
        var headers = listUsersHeaders
        if let authorization { headers.append(("Authorization", authorization)) }
        return AWSHTTPRequest(method: "GET", target: "/?Action=ListUsers&Version=2010-05-08", headers: headers)
    }

    static let listUsersAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"

    let verifier = SigV4Verifier()

    @Test func iamListUsersAuthorizationHeader() throws {
        let request = Self.listUsers(authorization: Self.listUsersAuthorization)
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        #expect(credential.scope.service == "iam")
        #expect(credential.signedHeaders == ["content-type", "host", "x-amz-date"])
        #expect(credential.form == .authorizationHeader)
        try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret)
    }

    @Test func iamListUsersPresigned() throws {
        let query =
            "Action=ListUsers&Version=2010-05-08&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Signature=37ac2f4fde00b0ac9bd9eadeb459b1bbee224158d66e7ae5fcadb70b2d181d02"
        let request = AWSHTTPRequest(
            method: "GET", target: "/?" + query,
            headers: [("Host", "iam.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate + 30)
        #expect(credential.form == .presignedQuery(expires: 60))
        #expect(credential.signedHeaders == ["content-type", "host"])
        try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret)

        #expect(throws: AWSServiceError.requestExpired) {
            try SigV4.parse(request, now: SigV4Fixtures.suiteDate + 61)
        }
    }

    @Test func presignRoundTripWithSessionToken() throws {
        let signer = SigV4Signer(
            accessKeyID: "ASIAEXAMPLEEXAMPLE12", secretAccessKey: "secret/with+chars", securityToken: "tok/en+=",
            region: "us-east-1", service: "sts")
        let unsigned = AWSHTTPRequest(
            method: "GET", target: "/?Action=GetCallerIdentity&Version=2011-06-15",
            headers: [("Host", "localhost:8080")])
        let presigned = signer.presign(unsigned, date: SigV4Fixtures.suiteDate, expires: 900)
        let credential = try SigV4.parse(presigned, now: SigV4Fixtures.suiteDate + 100)
        #expect(credential.securityToken == "tok/en+=")
        #expect(credential.accessKeyID == "ASIAEXAMPLEEXAMPLE12")
        try verifier.verify(credential, request: presigned, secretAccessKey: "secret/with+chars")
    }

    @Test func wrongSecretFailsEvenAfterTheRightOneWasCached() throws {
        let request = Self.listUsers(authorization: Self.listUsersAuthorization)
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret)
        let error = #expect(throws: AWSServiceError.self) {
            try verifier.verify(credential, request: request, secretAccessKey: "not-the-secret")
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.status == 403)
        #expect(error?.message == AWSServiceError.signatureMismatchMessage)
    }

    @Test func tamperedRequestsFail() throws {
        let good = Self.listUsers(authorization: Self.listUsersAuthorization)
        var tamperedHeader = good
        tamperedHeader.headers[1].value = "application/json"
        var tamperedQuery = good
        tamperedQuery.query = "Action=DeleteUser&Version=2010-05-08"
        var tamperedBody = good
        tamperedBody.body = Array("Action=DeleteUser".utf8)
        var tamperedMethod = good
        tamperedMethod.method = "POST"
        for request in [tamperedHeader, tamperedQuery, tamperedBody, tamperedMethod] {
            let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
            #expect(throws: AWSServiceError.signatureDoesNotMatch()) {
                try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret)
            }
        }
    }

    @Test func missingAuthentication() {
        #expect(throws: AWSServiceError.missingAuthenticationToken) {
            try SigV4.parse(Self.listUsers(), now: SigV4Fixtures.suiteDate)
        }
        #expect(AWSServiceError.missingAuthenticationToken.message == "Request is missing Authentication Token")
    }

    @Test func signedHeadersMustIncludeHost() {
        let auth =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        let error = #expect(throws: AWSServiceError.self) {
            try SigV4.parse(Self.listUsers(authorization: auth), now: SigV4Fixtures.suiteDate)
        }
        #expect(error?.code == "IncompleteSignature")
        #expect(error?.message == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }

    @Test func staleAndFutureDates() {
        let request = Self.listUsers(authorization: Self.listUsersAuthorization)
        let stale = #expect(throws: AWSServiceError.self) {
            try SigV4.parse(request, now: SigV4Fixtures.suiteDate + 30 * 60)
        }
        #expect(stale?.code == "SignatureDoesNotMatch")
        #expect(
            stale?.message
                == "Signature expired: 20150830T123600Z is now earlier than 20150830T125100Z (20150830T130600Z - 15 min.)")
        let future = #expect(throws: AWSServiceError.self) {
            try SigV4.parse(request, now: SigV4Fixtures.suiteDate - 16 * 60)
        }
        #expect(
            future?.message
                == "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)")
        #expect(throws: Never.self) { try SigV4.parse(request, now: SigV4Fixtures.suiteDate + 14 * 60) }
    }

    @Test func unknownAlgorithm() {
        let auth = Self.listUsersAuthorization.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA512")
        let error = #expect(throws: AWSServiceError.self) {
            try SigV4.parse(Self.listUsers(authorization: auth), now: SigV4Fixtures.suiteDate)
        }
        #expect(error?.code == "IncompleteSignature")
    }

    @Test func malformedAuthorizationHeaders() {
        let cases: [(String, String)] = [
            (
                "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc",
                "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, Signature=abc"
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request",
                "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"
            ),
            (
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/iam/aws4_request, SignedHeaders=host, Signature=abc",
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/iam/aws4_request'"
            ),
        ]
        for (auth, message) in cases {
            #expect(throws: AWSServiceError.incompleteSignature(message)) {
                try SigV4.parse(Self.listUsers(authorization: auth), now: SigV4Fixtures.suiteDate)
            }
        }
        let badTerminator = Self.listUsersAuthorization.replacingOccurrences(of: "aws4_request", with: "aws5_request")
        #expect(
            throws: AWSServiceError.signatureDoesNotMatch(
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.")
        ) {
            try SigV4.parse(Self.listUsers(authorization: badTerminator), now: SigV4Fixtures.suiteDate)
        }
        let wrongDay = Self.listUsersAuthorization.replacingOccurrences(of: "/20150830/", with: "/20150829/")
        let error = #expect(throws: AWSServiceError.self) {
            try SigV4.parse(Self.listUsers(authorization: wrongDay), now: SigV4Fixtures.suiteDate)
        }
        #expect(error?.code == "SignatureDoesNotMatch")
    }

    @Test func bothAuthMechanismsAreRejected() {
        let request = AWSHTTPRequest(
            method: "GET", target: "/?X-Amz-Algorithm=AWS4-HMAC-SHA256",
            headers: Self.listUsersHeaders + [("Authorization", Self.listUsersAuthorization)])
        #expect(throws: AWSServiceError.self) { try SigV4.parse(request, now: SigV4Fixtures.suiteDate) }
    }

    @Test func dateHeaderIsUsedWhenXAmzDateIsAbsent() throws {
        let auth =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=date;host, Signature=0000"
        let request = AWSHTTPRequest(
            method: "POST", target: "/",
            headers: [("Host", "h"), ("Date", "Sun, 30 Aug 2015 12:36:00 GMT"), ("Authorization", auth)])
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        #expect(credential.amzDate == "20150830T123600Z")
        #expect(credential.requestDate == SigV4Fixtures.suiteDate)
    }

    @Test(arguments: [
        "Sun, 30 Aug 99999999999999 12:36:00 GMT", "Sun, 30 Aug -9223372036854775808 12:36:00 GMT",
        "Sun, 99999999999999999 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 99999999999:00:00 GMT", "Sun, 30 Aug 0 12:36:00 GMT",
    ])
    func absurdDateHeadersAreRefusedNotTrapped(_ date: String) {
        let auth =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=date;host, Signature=0000"
        let request = AWSHTTPRequest(method: "POST", target: "/", headers: [("Host", "h"), ("Date", date), ("Authorization", auth)])
        #expect(throws: AWSServiceError.self) { try SigV4.parse(request, now: SigV4Fixtures.suiteDate) }
        #expect(AWSTimestamp.parseHTTPDate(date) == nil)
    }

    @Test func unsignedPayloadOnlyWhereAllowed() throws {
        let signer = SigV4Signer(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s", region: "us-east-1", service: "iam")
        let request = AWSHTTPRequest(
            method: "POST", target: "/", headers: [("Host", "h"), ("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")],
            body: "Action=ListUsers")
        let signed = signer.sign(request, date: SigV4Fixtures.suiteDate)
        let credential = try SigV4.parse(signed, now: SigV4Fixtures.suiteDate)
        #expect(throws: AWSServiceError.signatureDoesNotMatch()) {
            try SigV4Verifier().verify(credential, request: signed, secretAccessKey: "s")
        }
        try SigV4Verifier(allowsUnsignedPayload: true).verify(credential, request: signed, secretAccessKey: "s")
    }

    @Test func signingKeysAreCachedPerScope() throws {
        let cache = SigningKeyCache()
        let verifier = SigV4Verifier(keys: cache)
        let request = Self.listUsers(authorization: Self.listUsersAuthorization)
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        for _ in 0..<5 { try verifier.verify(credential, request: request, secretAccessKey: SigV4Fixtures.secret) }
        #expect(cache.count == 1)
    }

    @Test func concurrentVerificationsShareTheCache() async throws {
        let cache = SigningKeyCache()
        let verifier = SigV4Verifier(keys: cache)
        let request = Self.listUsers(authorization: Self.listUsersAuthorization)
        let credential = try SigV4.parse(request, now: SigV4Fixtures.suiteDate)
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var failures = 0
                    for i in 0..<200 {
                        let secret = (task + i) % 3 == 0 ? "wrong" : SigV4Fixtures.secret
                        do {
                            try verifier.verify(credential, request: request, secretAccessKey: secret)
                            if secret == "wrong" { failures += 1 }
                        } catch {
                            if secret != "wrong" { failures += 1 }
                        }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
        #expect(cache.count == 1)
    }
}
