import Foundation
import Testing
@testable import WardenAWS

struct RoutingTests {
    struct Caller: Sendable { var account: String }

    static var iamRouter: AWSOperationRouter<Caller> {
        var router = AWSOperationRouter<Caller>(protocol: .iam)
        router.register(CreateUser.self) { input, caller in
            guard input.UserName != "taken" else { throw AWSServiceError.entityAlreadyExists("User with name taken already exists.") }
            return CreateUser.Output(
                User: .init(
                    Path: input.Path ?? "/", UserName: input.UserName, UserId: AWSIdentifier.userID.generate(),
                    Arn: "arn:aws:iam::\(caller.account):user/\(input.UserName)", CreateDate: Date(timeIntervalSince1970: 0),
                    Tags: input.Tags))
        }
        router.register(DeleteUser.self) { _, _ in
            struct Boom: Error {}
            throw Boom()
        }
        return router
    }

    static func form(_ body: String) -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: "POST", target: "/", headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")], body: body)
    }

    @Test func queryEndToEnd() async {
        let response = await Self.iamRouter.respond(
            to: Self.form("Action=CreateUser&Version=2010-05-08&UserName=bob"), context: Caller(account: "123456789012"),
            requestID: "rid")
        #expect(response.status == 200)
        #expect(response.bodyText.contains("<UserName>bob</UserName>"))
        #expect(response.bodyText.contains("<Arn>arn:aws:iam::123456789012:user/bob</Arn>"))
        #expect(response.bodyText.hasSuffix("<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></CreateUserResponse>"))
    }

    @Test func queryErrors() async {
        let router = Self.iamRouter
        let caller = Caller(account: "1")
        let unknown = await router.respond(to: Self.form("Action=CreateUsers&Version=2010-05-08"), context: caller, requestID: "r")
        #expect(unknown.status == 400)
        #expect(unknown.bodyText.contains("<Code>InvalidAction</Code><Message>Could not find operation CreateUsers for version 2010-05-08</Message>"))
        let wrongVersion = await router.respond(to: Self.form("Action=CreateUser&Version=2011-06-15"), context: caller)
        #expect(wrongVersion.bodyText.contains("<Code>InvalidAction</Code>"))
        let noAction = await router.respond(to: Self.form("Version=2010-05-08"), context: caller)
        #expect(noAction.bodyText.contains("<Code>MissingAction</Code>"))
        let missing = await router.respond(to: Self.form("Action=CreateUser&Version=2010-05-08"), context: caller)
        #expect(missing.bodyText.contains("<Code>ValidationError</Code><Message>1 validation error detected: Value null at &apos;userName&apos; failed to satisfy constraint: Member must not be null</Message>"))
        let domain = await router.respond(to: Self.form("Action=CreateUser&Version=2010-05-08&UserName=taken"), context: caller)
        #expect(domain.status == 409)
        #expect(domain.bodyText.contains("<Code>EntityAlreadyExists</Code>"))
        let failure = await router.respond(to: Self.form("Action=DeleteUser&Version=2010-05-08&UserName=x"), context: caller)
        #expect(failure.status == 500)
        #expect(failure.bodyText.contains("<Type>Receiver</Type><Code>InternalFailure</Code>"))
        #expect(!failure.bodyText.contains("Boom"))
        let malformed = await router.respond(to: Self.form("Action=CreateUser&UserName=%G1"), context: caller)
        #expect(malformed.bodyText.contains("<Code>MalformedQueryString</Code>"))
    }

    @Test func jsonRouting() async throws {
        var router = AWSOperationRouter<Caller>(protocol: .organizations)
        router.register(DescribeOrganizationalUnit.self) { input, _ in
            .init(OrganizationalUnit: .init(Id: input.OrganizationalUnitId, Arn: "arn", Name: "Eng"))
        }
        func request(_ target: String, _ body: String) -> AWSHTTPRequest {
            AWSHTTPRequest(
                method: "POST", target: "/", headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)],
                body: body)
        }
        let ok = await router.respond(
            to: request("AWSOrganizationsV20161128.DescribeOrganizationalUnit", #"{"OrganizationalUnitId":"ou-ab12-abcdefgh"}"#),
            context: Caller(account: "1"))
        #expect(ok.status == 200)
        #expect(ok.bodyText == #"{"OrganizationalUnit":{"Arn":"arn","Id":"ou-ab12-abcdefgh","Name":"Eng"}}"#)
        let unknown = await router.respond(
            to: request("AWSOrganizationsV20161128.Nope", "{}"), context: Caller(account: "1"), requestID: "q")
        #expect(unknown.status == 400)
        #expect(unknown.bodyText.contains(#""__type":"UnknownOperationException""#))
        let bad = await router.respond(
            to: request("AWSOrganizationsV20161128.DescribeOrganizationalUnit", "{"), context: Caller(account: "1"))
        #expect(bad.bodyText.contains("SerializationException"))
    }

    @Test func signingServiceSelectsProtocol() {
        #expect(AWSProtocol.forSigningService("iam") == .iam)
        #expect(AWSProtocol.forSigningService("sts") == .sts)
        #expect(AWSProtocol.forSigningService("organizations") == .organizations)
        #expect(AWSProtocol.forSigningService("s3") == nil)
    }

    @Test func requestIDsAreUUIDs() {
        let id = RequestID.generate()
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased())
        #expect(Array(id)[14] == "4")
        #expect(RequestID.generate() != id)
    }
}

struct IdentifierTests {
    @Test(arguments: [
        (AWSIdentifier.accessKeyID, "AKIA", 20), (.temporaryAccessKeyID, "ASIA", 20), (.userID, "AIDA", 21),
        (.roleID, "AROA", 21), (.groupID, "AGPA", 21), (.managedPolicyID, "ANPA", 21), (.instanceProfileID, "AIPA", 21),
        (.secretAccessKey, "", 40), (.accountID, "", 12), (.organizationID, "o-", 12), (.rootID, "r-", 6),
        (.organizationsPolicyID, "p-", 10), (.createAccountRequestID, "car-", 36), (.handshakeID, "h-", 12),
    ])
    func generatedIdentifiersHaveAWSForms(kind: AWSIdentifier, prefix: String, length: Int) {
        for _ in 0..<50 {
            let id = kind.generate()
            #expect(id.hasPrefix(prefix))
            #expect(id.count == length)
            #expect(kind.isValid(id))
        }
        #expect(kind.generate() != kind.generate())
    }

    @Test func alphabets() {
        let key = AWSIdentifier.accessKeyID.generate()
        #expect(key.dropFirst(4).allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        let secret = AWSIdentifier.secretAccessKey.generate()
        #expect(secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "+" })
    }

    @Test func validatorsFollowBotocorePatterns() {
        #expect(AWSIdentifier.organizationID.isValid("o-exampleorgid"))
        #expect(!AWSIdentifier.organizationID.isValid("o-short"))
        #expect(!AWSIdentifier.organizationID.isValid("o-EXAMPLEORGID"))
        #expect(AWSIdentifier.rootID.isValid("r-examplerootid111"))
        #expect(AWSIdentifier.organizationsPolicyID.isValid("p-FullAWSAccess"))  // AWS's own managed SCP id
        #expect(AWSIdentifier.organizationsPolicyID.isValid("p-examplepolicyid111"))
        #expect(AWSIdentifier.organizationsPolicyID.isValid("p-Example_Policy1"))
        #expect(AWSIdentifier.accountID.isValid("012345678901"))
        #expect(!AWSIdentifier.accountID.isValid("0123456789012"))
        #expect(AWSIdentifier.accessKeyID.parse("AKIAIOSFODNN7EXAMPLE") == "AKIAIOSFODNN7EXAMPLE")
        #expect(AWSIdentifier.accessKeyID.parse("ASIAIOSFODNN7EXAMPLE") == nil)
        let ou = AWSIdentifier.organizationalUnitID(root: "r-ab12")
        #expect(ou.hasPrefix("ou-ab12-"))
        #expect(AWSIdentifier.isValidOrganizationalUnitID(ou))
        #expect(AWSIdentifier.isValidOrganizationalUnitID("ou-examplerootid111-exampleouid111"))
        #expect(!AWSIdentifier.isValidOrganizationalUnitID("ou-ab1-abcdefgh"))
        #expect(!AWSIdentifier.isValidOrganizationalUnitID("ou-ab12-abcdefg"))
        #expect(AWSIdentifier.isValidParentID("r-ab12") && AWSIdentifier.isValidParentID(ou))
    }
}
