import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// OpenID Connect identity providers: the issuers an account trusts for web identity federation.
extension IAM.CreateOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.arn.oidcProvider(url: (try? OpenIDConnectProviders.storedURL(input.url)) ?? input.url)
    }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static var changeScope: ChangeScope { .nothingCached }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let url = try OpenIDConnectProviders.storedURL(input.url)
        let provider = OpenIDConnectProviderRecord(
            url: url, clientIDs: try OpenIDConnectProviders.clientIDs(input.clientIDList ?? []),
            thumbprints: try OpenIDConnectProviders.thumbprints(input.thumbprintList ?? []), tags: try IAMTags.initial(input.tags),
            createdAt: call.now)
        if try await call.oidcProviders.countForCreation() >= OpenIDConnectProviders.perAccount {
            throw IAM.Errors.limitExceeded("Cannot exceed quota for OpenIdConnectProvidersPerAccount: \(OpenIDConnectProviders.perAccount)")
        }
        do {
            try await call.oidcProviders.create(provider)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("Provider with url \(input.url) already exists.")
        }
        return Output(openIDConnectProviderArn: call.arn.oidcProvider(url: url), tags: IAMTags.shape(provider.tags))
    }
}

extension IAM.GetOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:GetOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let provider = try await OpenIDConnectProviders.provider(input.openIDConnectProviderArn, call)
        return Output(
            url: provider.url, clientIDList: provider.clientIDs, thumbprintList: provider.thumbprints, createDate: provider.createdAt,
            tags: IAMTags.shape(provider.tags))
    }
}

extension IAM.ListOpenIDConnectProviders: ServiceOperation {
    public static let action: RequiredAction = "iam:ListOpenIDConnectProviders"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let providers = try await call.oidcProviders.list()
        return Output(openIDConnectProviderList: providers.map { IAM.OpenIDConnectProviderListEntry(arn: call.arn.oidcProvider(url: $0.url)) })
    }
}

extension IAM.DeleteOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    /// Idempotent, as AWS documents it: a provider that does not exist is no error.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        if let url = OpenIDConnectProviders.url(of: input.openIDConnectProviderArn, call) {
            _ = try await call.oidcProviders.delete(url)
        }
        return Output()
    }
}

extension IAM.AddClientIDToOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:AddClientIDToOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    /// A client id the provider has already is left as it is.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await OpenIDConnectProviders.change(input.openIDConnectProviderArn, call) { provider throws(AWSServiceError) in
            guard !provider.clientIDs.contains(input.clientID) else { return }
            guard provider.clientIDs.count < OpenIDConnectProviders.clientIDsPerProvider else { throw OpenIDConnectProviders.tooManyClientIDs }
            provider.clientIDs.append(input.clientID)
        }
        return Output()
    }
}

extension IAM.RemoveClientIDFromOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:RemoveClientIDFromOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    /// A client id the provider does not have is no error.
    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await OpenIDConnectProviders.change(input.openIDConnectProviderArn, call) { provider in provider.clientIDs.removeAll { $0 == input.clientID } }
        return Output()
    }
}

extension IAM.UpdateOpenIDConnectProviderThumbprint: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateOpenIDConnectProviderThumbprint"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let thumbprints = try OpenIDConnectProviders.thumbprints(input.thumbprintList)
        try await OpenIDConnectProviders.change(input.openIDConnectProviderArn, call) { provider in provider.thumbprints = thumbprints }
        return Output()
    }
}

extension IAM.TagOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:TagOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { IAMTags.conditionKeys(input.tags) }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await OpenIDConnectProviders.change(input.openIDConnectProviderArn, call) { provider throws(AWSServiceError) in
            provider.tags = try IAMTags.merge(provider.tags, adding: input.tags)
        }
        return Output()
    }
}

extension IAM.UntagOpenIDConnectProvider: ServiceOperation {
    public static let action: RequiredAction = "iam:UntagOpenIDConnectProvider"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    public static func conditionKeys(_ input: Input, _ call: OperationContext) -> [String: [String]] { ["aws:TagKeys": input.tagKeys] }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        try await OpenIDConnectProviders.change(input.openIDConnectProviderArn, call) { provider in
            provider.tags = IAMTags.removing(input.tagKeys, from: provider.tags)
        }
        return Output()
    }
}

extension IAM.ListOpenIDConnectProviderTags: ServiceOperation {
    public static let action: RequiredAction = "iam:ListOpenIDConnectProviderTags"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String { input.openIDConnectProviderArn }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let provider = try await OpenIDConnectProviders.provider(input.openIDConnectProviderArn, call)
        let page = try IAMTags.page(provider.tags, marker: input.marker, maxItems: input.maxItems)
        return Output(tags: page.items.map { IAM.Tag(key: $0.key, value: $0.value) }, isTruncated: page.isTruncated, marker: page.marker)
    }
}
