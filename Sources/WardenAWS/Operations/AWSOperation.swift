/// An AWS operation declared once: its wire name, protocol, input and output.
///
/// ```swift
/// enum CreateUser: AWSOperation {
///     static let name = "CreateUser"
///     static let `protocol` = AWSProtocol.iam
///     struct Input: Decodable, Sendable, ValidatedInput { var UserName: String; var Path: String?; … }
///     struct Output: Encodable, Sendable { var User: User }
/// }
/// ```
public protocol AWSOperation: Sendable {
    /// The decoded request members.
    associatedtype Input: Decodable & Sendable
    /// The response members (`EmptyOutput` when the operation returns none).
    associatedtype Output: Encodable & Sendable
    /// The wire name: the Query `Action` or the JSON `X-Amz-Target` suffix.
    static var name: String { get }
    /// The protocol of the operation's service.
    static var `protocol`: AWSProtocol { get }
}
