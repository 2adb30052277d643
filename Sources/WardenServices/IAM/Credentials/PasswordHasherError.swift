/// Why a password could not be hashed.
public enum PasswordHasherError: Error, Sendable, Equatable {
    /// C strings end at NUL, so the rest of the password would be silently ignored.
    case passwordContainsNUL
    /// libxcrypt could not produce a salt (no entropy source, or no supported method).
    case saltGenerationFailed
    /// libxcrypt rejected the password or setting.
    case hashingFailed
}
