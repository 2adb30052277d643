/// PasswordReusePrevention: a new password may not match any of the last N stored hashes.
public enum PasswordReuse {
    /// `history` holds stored crypt strings, newest first (include the current password's hash).
    /// Checks every entry in the window rather than stopping early, so timing does not reveal which one matched.
    public static func isReused(
        _ password: String,
        history: [String],
        reusePrevention: Int?,
        hasher: PasswordHasher = PasswordHasher()
    ) -> Bool {
        guard let reusePrevention, reusePrevention > 0 else { return false }
        var matched = false
        for hash in history.prefix(reusePrevention) where hasher.verify(password, against: hash) {
            matched = true
        }
        return matched
    }
}
