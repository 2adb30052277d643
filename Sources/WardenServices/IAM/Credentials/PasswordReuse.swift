/// PasswordReusePrevention: a new password may not match any of the last N stored hashes.
public enum PasswordReuse {
    /// `history` holds stored crypt strings, newest first (include the current password's hash).
    /// Checks every entry in the window rather than stopping early, so timing does not reveal which one matched.
    /// Each check runs off the cooperative threads and takes its own turn, so other password calls interleave.
    public static func isReused(
        _ password: String,
        history: [String],
        reusePrevention: Int?,
        hasher: PasswordHasher = PasswordHasher()
    ) async throws -> Bool {
        guard let reusePrevention, reusePrevention > 0 else { return false }
        var matched = false
        for hash in history.prefix(reusePrevention) {
            let matches = try await hasher.verify(password, against: hash)
            matched = matched || matches
        }
        return matched
    }
}
