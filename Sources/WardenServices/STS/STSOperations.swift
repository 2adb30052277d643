import WardenShapes
/// The STS operations served.
enum STSOperations {
    static let all: [any ServiceOperation.Type] = [
        STS.GetCallerIdentity.self
    ]
}
