import Crypto
import Synchronization

/// A small thread-safe cache of derived SigV4 signing keys.
///
/// Deriving a signing key costs four HMACs; a key is valid for one (access key, date, region,
/// service), so it is derived once per day per key instead of once per request. Each entry
/// remembers the secret it came from, so a different secret for the same access key id (a
/// rotated or wrong one) never reuses a stale key. When full, the cache is emptied: entries
/// rotate daily anyway and re-deriving is cheap.
public final class SigningKeyCache: Sendable {
    struct Key: Hashable {
        var accessKeyID: String
        var scope: CredentialScope
    }

    struct Entry {
        var secret: String
        /// HMAC state already keyed with the signing key: copying it skips the key setup.
        var hmac: HMAC<SHA256>
    }

    private let entries: Mutex<[Key: Entry]>
    private let capacity: Int

    /// Creates a cache holding at most `capacity` keys.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
        self.entries = Mutex([:])
    }

    /// The number of cached keys.
    public var count: Int { entries.withLock { $0.count } }

    /// An HMAC keyed with the signing key for this access key and scope, derived on first use.
    func keyedHMAC(accessKeyID: String, secretAccessKey: String, scope: CredentialScope) -> HMAC<SHA256> {
        let key = Key(accessKeyID: accessKeyID, scope: scope)
        if let hit = entries.withLock({ $0[key] }), ConstantTime.equals(hit.secret.utf8, secretAccessKey.utf8) {
            return hit.hmac
        }
        let hmac = HMAC<SHA256>(key: Self.derive(secret: secretAccessKey, scope: scope))
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(secret: secretAccessKey, hmac: hmac)
        }
        return hmac
    }

    /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
    static func derive(secret: String, scope: CredentialScope) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ data: String) -> SymmetricKey {
            SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(data.utf8), using: key))
        }
        let kSecret = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        return hmac(hmac(hmac(hmac(kSecret, scope.date), scope.region), scope.service), "aws4_request")
    }
}

/// Comparisons whose time does not depend on where the inputs differ.
enum ConstantTime {
    static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        let fast = a.withContiguousStorageIfAvailable { x in
            b.withContiguousStorageIfAvailable { y in
                var diff: UInt8 = 0
                for i in 0..<x.count { diff |= x[i] ^ y[i] }
                return diff == 0
            }
        }
        if let result = fast ?? nil { return result }
        var diff: UInt8 = 0
        for (x, y) in zip(a, b) { diff |= x ^ y }
        return diff == 0
    }
}
