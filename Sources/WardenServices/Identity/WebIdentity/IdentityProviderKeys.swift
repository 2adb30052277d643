import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import WardenAWS
import WardenShapes

/// The signing keys of OpenID Connect issuers: each issuer's discovery document names its JWKS, and the
/// keys are kept as long as the JWKS response's `Cache-Control` allows (5 minutes when it says nothing,
/// a day at most). A token signed by a key the cached set lacks fetches the set again (at most every
/// 10 seconds per issuer), so a rotated key is picked up at once and a removed key stops verifying when
/// the issuer's cache lifetime ends.
///
/// Only `https` is fetched, with certificate verification against the system's roots plus the
/// configured ones (an internal identity provider's CA), no redirects, 5 seconds at most, a megabyte at most.
public final class IdentityProviderKeys: Sendable {
    struct Entry: Sendable {
        let keys: JWTKeyCollection
        let keyIDs: Set<String>
        let fetchedAt: Date
        let expiresAt: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let tls: TLSConfiguration
    static let timeout = TimeAmount.seconds(5)
    static let maximumDocumentSize = 1 << 20
    static let defaultLifetime: TimeInterval = 300
    static let maximumLifetime: TimeInterval = 86_400
    static let minimumRefetchInterval: TimeInterval = 10

    /// - Parameter additionalTrustRoots: PEM files of CA certificates trusted beside the system's.
    public init(additionalTrustRoots: [String] = []) {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = additionalTrustRoots.map { .file($0) }
        self.tls = tls
    }

    /// One client for the process, never shut down: identity providers are asked rarely, from any server.
    private static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3), read: .seconds(5)), decompression: .disabled))

    /// The keys of `issuer` (`https://…`), including the one `keyID` names when the issuer lists it.
    /// - Throws: `InvalidIdentityToken` when the issuer's keys cannot be fetched, as AWS words it.
    func keys(issuer: String, keyID: String?, now: Date, logger: Logger) async throws -> JWTKeyCollection {
        let cached = entries.withLock { $0[issuer] }
        if let cached, cached.expiresAt > now {
            let known = keyID.map(cached.keyIDs.contains) ?? true
            if known || now.timeIntervalSince(cached.fetchedAt) < Self.minimumRefetchInterval { return cached.keys }
        }
        do {
            let entry = try await fetch(issuer: issuer, now: now)
            entries.withLock { $0[issuer] = entry }
            return entry.keys
        } catch {
            logger.warning(
                "identity provider keys unavailable", metadata: ["warden.issuer": "\(issuer)", "warden.error": "\(String(describing: error))"])
            throw STS.Errors.invalidIdentityToken(
                "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements")
        }
    }

    struct FetchFailure: Error, CustomStringConvertible {
        let description: String
    }

    private struct Discovery: Decodable {
        let jwksURI: String
        enum CodingKeys: String, CodingKey { case jwksURI = "jwks_uri" }
    }

    private func fetch(issuer: String, now: Date) async throws -> Entry {
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let (discoveryBody, _) = try await get(trimmed + "/.well-known/openid-configuration")
        let discovery = try JSONDecoder().decode(Discovery.self, from: discoveryBody)
        guard discovery.jwksURI.lowercased().hasPrefix("https://") else {
            throw FetchFailure(description: "jwks_uri is not an https URL: \(discovery.jwksURI)")
        }
        let (jwksBody, cacheControl) = try await get(discovery.jwksURI)
        let jwks = try JSONDecoder().decode(JWKS.self, from: jwksBody)
        let keys = JWTKeyCollection()
        var keyIDs = Set<String>()
        for jwk in jwks.keys {
            // Keys for encryption, or of a type jwt-kit cannot verify with, are skipped, not fatal.
            guard (try? await keys.add(jwk: jwk)) != nil else { continue }
            if let id = jwk.keyIdentifier?.string { keyIDs.insert(id) }
        }
        let lifetime = Self.lifetime(cacheControl: cacheControl)
        return Entry(keys: keys, keyIDs: keyIDs, fetchedAt: now, expiresAt: now.addingTimeInterval(lifetime))
    }

    /// How long a JWKS may be kept, from its response's `Cache-Control`.
    static func lifetime(cacheControl: String?) -> TimeInterval {
        guard let cacheControl else { return defaultLifetime }
        var maxAge: TimeInterval?
        for directive in cacheControl.lowercased().split(separator: ",") {
            let part = directive.trimmingCharacters(in: .whitespaces)
            if part == "no-store" || part == "no-cache" { return 0 }
            if part.hasPrefix("max-age="), let seconds = TimeInterval(part.dropFirst("max-age=".count)) { maxAge = max(0, seconds) }
        }
        return min(maxAge ?? defaultLifetime, maximumLifetime)
    }

    private func get(_ url: String) async throws -> (Data, cacheControl: String?) {
        guard url.lowercased().hasPrefix("https://") else { throw FetchFailure(description: "not an https URL: \(url)") }
        var request = HTTPClientRequest(url: url)
        request.tlsConfiguration = tls
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await Self.client.execute(request, timeout: Self.timeout)
        let body = try await response.body.collect(upTo: Self.maximumDocumentSize)
        guard response.status == .ok else { throw FetchFailure(description: "\(url) answered \(response.status.code)") }
        return (Data(body.readableBytesView), response.headers.first(name: "Cache-Control"))
    }
}
