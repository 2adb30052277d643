import Foundation

/// AWS JSON 1.1 bodies (Organizations): `Decodable` inputs in, `Encodable` outputs out.
///
/// Timestamps are epoch seconds (botocore's default for `json` protocol `timestamp` shapes).
/// Unknown members in a request are ignored, as AWS JSON services do in practice (new SDKs
/// may send members an older server does not know); required-member and type errors are
/// reported the way Organizations reports them.
public enum JSON11Codec {
    /// Decodes an input from a JSON 1.1 body; an empty body is `{}`.
    /// - Throws: `SerializationException` for malformed JSON or a member of the wrong type;
    ///   `InvalidInputException` (`INPUT_REQUIRED`) for a missing required member.
    public static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(AWSServiceError) -> T {
        let data = body.isEmpty ? Data("{}".utf8) : Data(body)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            let name = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw .invalidInput(
                reason: "INPUT_REQUIRED",
                message: "You must specify a value for all required parameters. Missing: \(name)")
        } catch let DecodingError.valueNotFound(_, context) {
            let name = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalidInput(
                reason: "INPUT_REQUIRED",
                message: "You must specify a value for all required parameters. Missing: \(name)")
        } catch let DecodingError.typeMismatch(_, context) {
            let name = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .serializationException("Unexpected value type for member '\(name)'")
        } catch {
            throw .serializationException("Unable to parse the request body as JSON")
        }
    }

    /// Encodes an output; `EmptyOutput` is `{}`.
    public static func encode<T: Encodable>(_ value: T) throws(AWSServiceError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw .internalFailure
        }
    }
}
