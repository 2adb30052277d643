import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// Console passwords: a user's login profile, set by an administrator (`CreateLoginProfile`,
/// `UpdateLoginProfile`) or by the user (`ChangePassword`). Passwords are checked against the account's
/// password policy (AWS's default without one) and stored only as yescrypt hashes.
extension IAM.CreateLoginProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateLoginProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard case .user(let user) = try await CredentialOwner.resolve(input.userName, call, lock: true) else {
            throw AWSServiceError.validationError("Must specify userName when calling with root credentials")
        }
        guard let password = input.password else {
            throw AWSServiceError.validationError("1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null")
        }
        if try await call.loginProfiles.profile(userID: user.userID) != nil {
            throw IAM.Errors.entityAlreadyExists("Login Profile for user \(user.name) already exists.")
        }
        try await Passwords.check(password, for: user, call, reuse: false)
        let created = call.now.wholeSeconds
        let profile = LoginProfileRecord(
            userID: user.userID, passwordHash: try await Passwords.hash(password), passwordResetRequired: input.passwordResetRequired ?? false,
            passwordChangedAt: call.now, createdAt: created)
        try await call.loginProfiles.create(profile)
        return Output(loginProfile: IAM.LoginProfile(userName: user.name, createDate: created, passwordResetRequired: profile.passwordResetRequired))
    }
}

extension IAM.GetLoginProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:GetLoginProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (user, profile) = try await Passwords.profile(input.userName, call)
        return Output(loginProfile: IAM.LoginProfile(
            userName: user.name, createDate: profile.createdAt, passwordResetRequired: profile.passwordResetRequired))
    }
}

extension IAM.UpdateLoginProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateLoginProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await call.userARN(input.userName)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (user, _) = try await Passwords.profile(input.userName, call, lock: true)
        if let password = input.password {
            try await Passwords.check(password, for: user, call, reuse: false)
            try await call.loginProfiles.setPassword(userID: user.userID, hash: try await Passwords.hash(password), at: call.now)
        }
        if let required = input.passwordResetRequired {
            try await call.loginProfiles.setResetRequired(userID: user.userID, required)
        }
        return Output()
    }
}

extension IAM.DeleteLoginProfile: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteLoginProfile"

    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        try await CredentialOwner.resource(input.userName, call)
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let (user, _) = try await Passwords.profile(input.userName, call, lock: true)
        _ = try await call.loginProfiles.delete(userID: user.userID)
        return Output()
    }
}

extension IAM.ChangePassword: ServiceOperation {
    public static let action: RequiredAction = "iam:ChangePassword"

    /// The caller's own user: `IAMUserChangePassword` grants it on `user/${aws:username}`.
    public static func resource(_ input: Input, _ call: OperationContext) async throws -> String {
        call.caller.arn
    }

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard case .user = call.caller.kind else {
            throw IAM.Errors.invalidUserType("Only IAM users can change their own password with ChangePassword.")
        }
        // The caller's own user, found by its id (a rename since authentication cannot redirect the change).
        let (user, profile) = try await Passwords.profile(nil, call, lock: true)
        guard try await PasswordHasher().verify(input.oldPassword, against: profile.passwordHash) else {
            throw IAM.Errors.invalidInput("The old password was incorrect.")
        }
        try await Passwords.check(input.newPassword, for: user, call, reuse: true)
        try await call.loginProfiles.setPassword(userID: user.userID, hash: try await Passwords.hash(input.newPassword), at: call.now)
        if profile.passwordResetRequired { try await call.loginProfiles.setResetRequired(userID: user.userID, false) }
        return Output()
    }
}

/// The checks and lookups the password operations share.
enum Passwords {
    /// The user named (or the calling user) and its login profile.
    /// - Throws: `NoSuchEntity` for a missing user or profile, in AWS's words.
    static func profile(_ userName: String?, _ call: OperationContext, lock: Bool = false) async throws -> (IAMUserRecord, LoginProfileRecord) {
        guard case .user(let user) = try await CredentialOwner.resolve(userName, call, lock: lock) else {
            throw IAM.Errors.noSuchEntity("Login Profile for User root cannot be found.")
        }
        guard let profile = try await call.loginProfiles.profile(userID: user.userID) else {
            throw IAM.Errors.noSuchEntity("Login Profile for User \(user.name) cannot be found.")
        }
        return (user, profile)
    }

    /// The account's password rules: its custom policy, else AWS's default.
    static func rules(_ call: OperationContext) async throws -> (PasswordRules, AccountPasswordPolicyRecord?) {
        guard let record = try await call.accountSettings.passwordPolicy() else { return (.awsDefault, nil) }
        let policy = try PasswordPolicy(
            minimumPasswordLength: record.minimumLength, requireSymbols: record.requireSymbols, requireNumbers: record.requireNumbers,
            requireUppercaseCharacters: record.requireUppercase, requireLowercaseCharacters: record.requireLowercase,
            allowUsersToChangePassword: record.allowUsersToChange, maxPasswordAge: record.maxAge,
            passwordReusePrevention: record.reusePrevention, hardExpiry: record.hardExpiry ?? false)
        return (.custom(policy), record)
    }

    /// Checks `password` for `user` against the rules (and, for a user's own change, the reuse window).
    /// - Throws: `PasswordPolicyViolation` naming the first requirement missed.
    static func check(_ password: String, for user: IAMUserRecord, _ call: OperationContext, reuse: Bool) async throws {
        let (rules, record) = try await rules(call)
        var violations = rules.check(password, userName: user.name)
        if reuse, let count = record?.reusePrevention, count > 0 {
            let history = try await call.loginProfiles.history(userID: user.userID, limit: count)
            if try await PasswordReuse.isReused(password, history: history, reusePrevention: count) { violations.append(.reused(count: count)) }
        }
        if let message = PasswordViolation.errorMessage(for: violations) {
            throw IAM.Errors.passwordPolicyViolation(message)
        }
    }

    /// The password's hash, computed off the cooperative threads (see ``PasswordHasher``).
    static func hash(_ password: String) async throws -> String {
        do {
            return try await PasswordHasher().hash(password)
        } catch is PasswordHasherError {
            throw AWSServiceError.internalFailure
        }
    }
}

extension OperationContext {
    /// The account's login profiles, on the call's transaction.
    var loginProfiles: LoginProfileRepository { LoginProfileRepository(transaction: transaction, accountID: accountID) }
    /// The account's IAM settings, on the call's transaction.
    var accountSettings: AccountSettingsRepository { AccountSettingsRepository(transaction: transaction, accountID: accountID) }
}
