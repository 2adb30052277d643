import Testing
import WardenTestSupport

@Suite struct OpenIDConnectProviderOperationTests {
    static let arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.example.com"

    @Test func aProviderIsNamedByItsURLWithoutTheScheme() async throws {
        try await WardenHarness.with(accountID: "111122223333") { warden in
            let created = await warden.call("CreateOpenIDConnectProvider", ["Url": "https://token.actions.example.com", "ClientIDList.member.1": "sts.amazonaws.com"])
            #expect(created.value("OpenIDConnectProviderArn") == Self.arn, "\(created)")
            // One provider per issuer, whatever the case of its host.
            let again = await warden.call("CreateOpenIDConnectProvider", ["Url": "https://TOKEN.actions.example.com"])
            #expect(again.errorCode == "EntityAlreadyExists", "\(again)")
            #expect(again.errorMessage == "Provider with url https://TOKEN.actions.example.com already exists.")
            let got = await warden.call("GetOpenIDConnectProvider", ["OpenIDConnectProviderArn": Self.arn])
            #expect(got.value("Url") == "token.actions.example.com", "\(got)")
            // Another account's ARN names none of this account's providers.
            let foreign = await warden.call("GetOpenIDConnectProvider", ["OpenIDConnectProviderArn": "arn:aws:iam::444455556666:oidc-provider/token.actions.example.com"])
            #expect(foreign.errorCode == "NoSuchEntity", "\(foreign)")
            for url in ["token.actions.example.com/x", "https://", "https://idp.example.com/path?query=1", "https:///path"] {
                let refused = await warden.call("CreateOpenIDConnectProvider", ["Url": url])
                #expect(refused.errorCode == "InvalidInput", "\(url): \(refused)")
            }
            let listed = await warden.call("ListOpenIDConnectProviders")
            #expect(listed.values("Arn") == [Self.arn])
        }
    }

    @Test func anAccountHoldsAtMostAHundredProvidersAndAProviderAHundredAudiences() async throws {
        try await WardenHarness.with(accountID: "111122223333") { warden in
            for index in 0..<100 {
                let created = await warden.call("CreateOpenIDConnectProvider", ["Url": "https://idp\(index).example.com"])
                #expect(created.status == 200, "\(created)")
            }
            let over = await warden.call("CreateOpenIDConnectProvider", ["Url": "https://one-too-many.example.com"])
            #expect(over.errorCode == "LimitExceeded", "\(over)")
            #expect(over.errorMessage == "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100")
            let provider = "arn:aws:iam::111122223333:oidc-provider/idp0.example.com"
            for index in 0..<100 {
                let added = await warden.call("AddClientIDToOpenIDConnectProvider", ["OpenIDConnectProviderArn": provider, "ClientID": "client-\(index)"])
                #expect(added.status == 200, "\(added)")
            }
            let tooMany = await warden.call("AddClientIDToOpenIDConnectProvider", ["OpenIDConnectProviderArn": provider, "ClientID": "client-100"])
            #expect(tooMany.errorCode == "LimitExceeded", "\(tooMany)")
            // One it has already is no error, even at the quota.
            #expect(await warden.call("AddClientIDToOpenIDConnectProvider", ["OpenIDConnectProviderArn": provider, "ClientID": "client-7"]).status == 200)
        }
    }
}
