/// A password policy setting outside the range UpdateAccountPasswordPolicy accepts.
public struct PasswordPolicyError: Error, Sendable, Equatable {
    /// AWS's ValidationError wording, e.g. "Value '5' at 'minimumPasswordLength' failed to satisfy constraint: …".
    public let message: String

    init(field: String, value: Int, range: ClosedRange<Int>) {
        let constraint = value < range.lowerBound
            ? "greater than or equal to \(range.lowerBound)"
            : "less than or equal to \(range.upperBound)"
        message = "1 validation error detected: Value '\(value)' at '\(field)' failed to satisfy constraint: "
            + "Member must have value \(constraint)"
    }
}
