/// An error as AWS reports it on the wire: a code, a message, an HTTP status and a fault.
///
/// Every failure that reaches a client goes through this one type so it renders in the shape
/// each protocol's SDK parser expects (see `AWSServiceError+Rendering.swift`). Messages never
/// carry secrets or internals.
public struct AWSServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Who is at fault, as the Query protocol's `<Type>` reports it.
    public enum Fault: String, Sendable, Hashable {
        /// The client sent something wrong (4xx).
        case sender = "Sender"
        /// The service failed (5xx).
        case receiver = "Receiver"
    }

    /// The error code, e.g. `NoSuchEntity`; SDKs raise it as the exception name.
    public var code: String
    /// The human-readable message.
    public var message: String
    /// The HTTP status code.
    public var status: Int
    /// Sender or Receiver.
    public var fault: Fault
    /// Extra top-level members some services add to a JSON error, e.g. Organizations'
    /// `Reason` on `InvalidInputException` or `ConstraintViolationException`.
    public var extraMembers: [String: String]

    /// Creates an error; `fault` defaults from the status.
    public init(code: String, message: String, status: Int = 400, fault: Fault? = nil, extraMembers: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.status = status
        self.fault = fault ?? (status >= 500 ? .receiver : .sender)
        self.extraMembers = extraMembers
    }

    public var description: String { "\(code) (\(status)): \(message)" }
}

// MARK: - Authentication (SigV4) errors, as AWS names them.

extension AWSServiceError {
    /// No `Authorization` header and no presigned query parameters.
    public static let missingAuthenticationToken = AWSServiceError(
        code: "MissingAuthenticationToken", message: "Request is missing Authentication Token", status: 403)

    /// The signature is malformed or lacks a component.
    public static func incompleteSignature(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "IncompleteSignature", message: message, status: 400)
    }

    /// The access key id is unknown (or a session token does not open).
    public static let invalidClientTokenId = AWSServiceError(
        code: "InvalidClientTokenId", message: "The security token included in the request is invalid.", status: 403)

    /// AWS's standard message for a signature mismatch.
    public static let signatureMismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    /// The signature does not verify, or the signing scope/date is wrong.
    public static func signatureDoesNotMatch(_ message: String = signatureMismatchMessage) -> AWSServiceError {
        AWSServiceError(code: "SignatureDoesNotMatch", message: message, status: 403)
    }

    /// The temporary credential's session has expired.
    public static let expiredToken = AWSServiceError(
        code: "ExpiredToken", message: "The security token included in the request is expired", status: 403)

    /// A presigned request used after `X-Amz-Date + X-Amz-Expires`.
    public static let requestExpired = AWSServiceError(code: "RequestExpired", message: "Request has expired.", status: 400)
}

// MARK: - Request shape errors.

extension AWSServiceError {
    /// A Query request without `Action`.
    public static let missingAction = AWSServiceError(code: "MissingAction", message: "Missing Action", status: 400)

    /// A Query action this service does not have (for this version).
    public static func invalidAction(_ action: String, version: String) -> AWSServiceError {
        AWSServiceError(code: "InvalidAction", message: "Could not find operation \(action) for version \(version)", status: 400)
    }

    /// A JSON 1.1 `X-Amz-Target` this service does not have.
    public static func unknownOperation(_ target: String) -> AWSServiceError {
        AWSServiceError(code: "UnknownOperationException", message: "", status: 400)
    }

    /// A required Query member is absent: IAM and STS answer it as a validation error naming the member
    /// (`1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null`).
    public static func missingRequiredMember(_ wireName: String) -> AWSServiceError {
        let violation = ConstraintViolation(
            member: Validator.messageName(wireName), value: nil, constraint: "Member must not be null", kind: .required)
        return .validationError("1 validation error detected: \(violation.phrase)")
    }

    /// A Query parameter the operation does not define.
    public static func unknownParameter(_ name: String) -> AWSServiceError {
        AWSServiceError(code: "UnknownParameter", message: "The parameter \(name) is not recognized", status: 400)
    }

    /// A Query string or form body that cannot be decoded (e.g. bad percent-encoding).
    public static func malformedQueryString(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "MalformedQueryString", message: message, status: 404)
    }

    /// A parameter value of the wrong type or form.
    public static func invalidParameterValue(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "InvalidParameterValue", message: message, status: 400)
    }

    /// Constraint violations in a Query service (IAM, STS).
    public static func validationError(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "ValidationError", message: message, status: 400)
    }

    /// A JSON body that does not parse or has members of the wrong type.
    public static func serializationException(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "SerializationException", message: message, status: 400)
    }

    /// Organizations' validation error, with its `Reason` (e.g. `INPUT_REQUIRED`).
    public static func invalidInput(reason: String, message: String) -> AWSServiceError {
        AWSServiceError(code: "InvalidInputException", message: message, status: 400, extraMembers: ["Reason": reason])
    }

    /// An unexpected failure; the message never echoes internals.
    public static let internalFailure = AWSServiceError(
        code: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure.",
        status: 500)
}

// MARK: - Common IAM/STS domain errors.

extension AWSServiceError {
    /// IAM: the named entity does not exist (404).
    public static func noSuchEntity(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "NoSuchEntity", message: message, status: 404)
    }

    /// IAM: the entity already exists (409).
    public static func entityAlreadyExists(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "EntityAlreadyExists", message: message, status: 409)
    }

    /// IAM: a quota was reached (409).
    public static func limitExceeded(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "LimitExceeded", message: message, status: 409)
    }

    /// IAM: the entity still has attachments (409).
    public static func deleteConflict(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "DeleteConflict", message: message, status: 409)
    }

    /// IAM/STS: a policy document is not valid (400).
    public static func malformedPolicyDocument(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "MalformedPolicyDocument", message: message, status: 400)
    }

    /// The caller is not allowed to perform the action (Query services: `AccessDenied`, 403).
    public static func accessDenied(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "AccessDenied", message: message, status: 403)
    }

    /// Organizations' not-allowed error (JSON services: `AccessDeniedException`, 400 as AWS sends it).
    public static func accessDeniedException(_ message: String) -> AWSServiceError {
        AWSServiceError(code: "AccessDeniedException", message: message, status: 400)
    }
}
