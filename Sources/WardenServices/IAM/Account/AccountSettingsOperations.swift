import Foundation
public import WardenAWS
public import WardenShapes
import WardenStore

/// The account's password policy and alias.
extension IAM.UpdateAccountPasswordPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:UpdateAccountPasswordPolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        // Omitted settings take AWS's defaults: the call replaces the whole policy.
        let policy: PasswordPolicy
        do {
            policy = try PasswordPolicy(
                minimumPasswordLength: input.minimumPasswordLength ?? 6, requireSymbols: input.requireSymbols ?? false,
                requireNumbers: input.requireNumbers ?? false, requireUppercaseCharacters: input.requireUppercaseCharacters ?? false,
                requireLowercaseCharacters: input.requireLowercaseCharacters ?? false,
                allowUsersToChangePassword: input.allowUsersToChangePassword ?? false, maxPasswordAge: input.maxPasswordAge,
                passwordReusePrevention: input.passwordReusePrevention, hardExpiry: input.hardExpiry ?? false)
        } catch {
            throw AWSServiceError.validationError(error.message)
        }
        try await call.accountSettings.setPasswordPolicy(AccountPasswordPolicyRecord(
            minimumLength: policy.minimumPasswordLength, requireSymbols: policy.requireSymbols, requireNumbers: policy.requireNumbers,
            requireUppercase: policy.requireUppercaseCharacters, requireLowercase: policy.requireLowercaseCharacters,
            allowUsersToChange: policy.allowUsersToChangePassword, maxAge: policy.maxPasswordAge,
            reusePrevention: policy.passwordReusePrevention, hardExpiry: input.hardExpiry))
        return Output()
    }
}

extension IAM.GetAccountPasswordPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:GetAccountPasswordPolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard let policy = try await call.accountSettings.passwordPolicy() else {
            throw IAM.Errors.noSuchEntity("The Password Policy with domain name \(call.accountID) cannot be found.")
        }
        return Output(passwordPolicy: IAM.PasswordPolicy(
            minimumPasswordLength: policy.minimumLength, requireSymbols: policy.requireSymbols, requireNumbers: policy.requireNumbers,
            requireUppercaseCharacters: policy.requireUppercase, requireLowercaseCharacters: policy.requireLowercase,
            allowUsersToChangePassword: policy.allowUsersToChange, expirePasswords: policy.maxAge != nil, maxPasswordAge: policy.maxAge,
            passwordReusePrevention: policy.reusePrevention, hardExpiry: policy.hardExpiry))
    }
}

extension IAM.DeleteAccountPasswordPolicy: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteAccountPasswordPolicy"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard try await call.accountSettings.deletePasswordPolicy() else {
            throw IAM.Errors.noSuchEntity("The account policy with name PasswordPolicy cannot be found.")
        }
        return Output()
    }
}

extension IAM.CreateAccountAlias: ServiceOperation {
    public static let action: RequiredAction = "iam:CreateAccountAlias"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        do {
            try await call.accountSettings.setAlias(input.accountAlias)
        } catch StoreError.duplicate {
            throw IAM.Errors.entityAlreadyExists("The account alias \(input.accountAlias) already exists.")
        }
        return Output()
    }
}

extension IAM.DeleteAccountAlias: ServiceOperation {
    public static let action: RequiredAction = "iam:DeleteAccountAlias"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        guard try await call.accountSettings.deleteAlias(input.accountAlias) else {
            throw IAM.Errors.noSuchEntity("The account alias \(input.accountAlias) cannot be found.")
        }
        return Output()
    }
}

extension IAM.ListAccountAliases: ServiceOperation {
    public static let action: RequiredAction = "iam:ListAccountAliases"

    public static func perform(_ input: Input, _ call: OperationContext) async throws -> Output {
        let aliases = try await call.accountSettings.alias().map { [$0] } ?? []
        return Output(accountAliases: aliases, isTruncated: false)
    }
}
