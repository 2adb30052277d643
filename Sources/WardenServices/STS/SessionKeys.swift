import Foundation
import WardenAWS
import WardenStore

/// The session key new tokens are sealed under: read from the store on the issuing call's transaction, so a
/// `warden keys rotate` takes effect on every replica with the next issue. The first issue of a database
/// creates the first key.
enum SessionKeys {
    /// The current key's id, installed in the environment's sealer.
    static func current(_ call: OperationContext) async throws -> String {
        let sessions = call.environment.sessions
        var record = try await SessionKeyRepository.current(call.transaction)
        if record == nil {
            let (keyID, sealed) = sessions.sealNewKey()
            record = try await SessionKeyRepository.makeCurrentIfNone(keyID: keyID, sealedKey: sealed, call.transaction)
        }
        guard let record else { throw SessionTokenSealer.Error.unknownKey }
        if !sessions.knows(record.keyID) {
            // A key that does not open under this master key is a misconfigured replica: InternalFailure.
            try sessions.install(keyID: record.keyID, sealed: record.sealedKey)
        }
        return record.keyID
    }
}
