import Foundation
import WardenAWS
import WardenShapes
import WardenStore

/// What OpenID Connect providers share: their ARNs, AWS's quotas, and how a request names one.
enum OpenIDConnectProviders {
    static let perAccount = 100
    static let clientIDsPerProvider = 100
    static let thumbprintsPerProvider = 5
    static let scheme = "https://"

    /// The URL as stored and as the ARN ends: without `https://`. - Throws: `InvalidInput` for a URL that is
    /// not https or carries a query or fragment (OpenID Connect issuers have neither).
    static func storedURL(_ url: String) throws(AWSServiceError) -> String {
        guard url.lowercased().hasPrefix(scheme), url.count > scheme.count else {
            throw IAM.Errors.invalidInput("Invalid Open ID Connect Provider URL: it must begin with https:// and name a host.")
        }
        let rest = String(url.dropFirst(scheme.count))
        guard !rest.contains("?"), !rest.contains("#"), !rest.contains(where: \.isWhitespace), !rest.hasPrefix("/") else {
            throw IAM.Errors.invalidInput("Invalid Open ID Connect Provider URL: an issuer URL has a host and an optional path, no query or fragment.")
        }
        return rest
    }

    /// The stored URL a provider ARN of the caller's account names, or nil when the ARN names none of its providers.
    static func url(of arn: String, _ call: OperationContext) -> String? {
        let prefix = call.arn.oidcProvider(url: "")
        guard arn.hasPrefix(prefix), arn.count > prefix.count else { return nil }
        return String(arn.dropFirst(prefix.count))
    }

    static func notFound(_ arn: String) -> AWSServiceError {
        IAM.Errors.noSuchEntity("OpenIDConnect Provider not found for arn \(arn)")
    }

    /// The provider `arn` names. - Throws: `NoSuchEntity`.
    static func provider(_ arn: String, _ call: OperationContext, lock: Bool = false) async throws -> OpenIDConnectProviderRecord {
        guard let url = url(of: arn, call), let provider = try await call.oidcProviders.withURL(url, lock: lock) else { throw notFound(arn) }
        return provider
    }

    /// Changes the provider `arn` names, its row locked until the call ends. - Throws: `NoSuchEntity`, or
    /// what `change` throws (nothing is written then).
    static func change(
        _ arn: String, _ call: OperationContext, _ change: (inout OpenIDConnectProviderRecord) throws(AWSServiceError) -> Void
    ) async throws {
        var provider = try await provider(arn, call, lock: true)
        let before = provider
        try change(&provider)
        if provider != before { try await call.oidcProviders.update(provider) }
    }

    /// Client ids each once, in the order given. - Throws: `LimitExceeded` past the quota.
    static func clientIDs(_ given: [String]) throws(AWSServiceError) -> [String] {
        var unique: [String] = []
        for id in given where !unique.contains(id) { unique.append(id) }
        guard unique.count <= clientIDsPerProvider else { throw tooManyClientIDs }
        return unique
    }

    static let tooManyClientIDs = IAM.Errors.limitExceeded(
        "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: \(clientIDsPerProvider)")

    /// Thumbprints each once (hex digits compare without case). - Throws: `InvalidInput` for one that is not
    /// 40 hex digits, `LimitExceeded` past five.
    static func thumbprints(_ given: [String]) throws(AWSServiceError) -> [String] {
        var unique: [String] = []
        for thumbprint in given {
            guard thumbprint.utf8.count == 40, thumbprint.allSatisfy(\.isHexDigit) else {
                throw IAM.Errors.invalidInput("Thumbprint \(thumbprint) is not a 40-digit hexadecimal SHA-1 thumbprint.")
            }
            if !unique.contains(where: { $0.lowercased() == thumbprint.lowercased() }) { unique.append(thumbprint) }
        }
        guard unique.count <= thumbprintsPerProvider else {
            throw IAM.Errors.limitExceeded("Thumbprint list must contain fewer than \(thumbprintsPerProvider + 1) entries")
        }
        return unique
    }
}

extension OperationContext {
    /// The caller account's OpenID Connect providers, on the call's transaction.
    var oidcProviders: OpenIDConnectProviderRepository { OpenIDConnectProviderRepository(transaction: transaction, accountID: accountID) }
}
