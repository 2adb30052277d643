/// The outcome of authorizing a request.
public enum DecisionEffect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case allow
    /// Nothing allowed the request (or a layer that must allow did not).
    case implicitDeny
    /// A `Deny` statement matched. Nothing can override it.
    case explicitDeny

    public var description: String { rawValue }
}

public struct Decision: Sendable, Hashable, CustomStringConvertible {
    public var effect: DecisionEffect
    public var explanation: Explanation

    public var isAllowed: Bool { effect == .allow }
    public var description: String { explanation.description }
}
