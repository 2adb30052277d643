@testable import WardenServices
import Testing

@Suite struct PasswordPolicyTests {
    @Test func rangesAreEnforcedWithAWSWording() throws {
        #expect(throws: PasswordPolicyError.self) { try PasswordPolicy(minimumPasswordLength: 5) }
        #expect(throws: PasswordPolicyError.self) { try PasswordPolicy(minimumPasswordLength: 129) }
        #expect(throws: PasswordPolicyError.self) { try PasswordPolicy(maxPasswordAge: 1096) }
        #expect(throws: PasswordPolicyError.self) { try PasswordPolicy(passwordReusePrevention: 0) }
        #expect(throws: PasswordPolicyError.self) { try PasswordPolicy(passwordReusePrevention: 25) }
        do {
            _ = try PasswordPolicy(minimumPasswordLength: 5)
        } catch {
            #expect(error.message == "1 validation error detected: Value '5' at 'minimumPasswordLength' "
                + "failed to satisfy constraint: Member must have value greater than or equal to 6")
        }
        let policy = try PasswordPolicy(minimumPasswordLength: 128, maxPasswordAge: 1095, passwordReusePrevention: 24)
        #expect(policy.expirePasswords)
        #expect(!(try PasswordPolicy()).expirePasswords)
    }

    @Test func customPolicyReportsEachMissingRequirement() throws {
        let rules = PasswordRules(try PasswordPolicy(
            minimumPasswordLength: 14, requireSymbols: true, requireNumbers: true,
            requireUppercaseCharacters: true, requireLowercaseCharacters: true))
        #expect(rules.violations(for: "short", userName: "alice") == [
            "Password should have a minimum length of 14",
            "Password should have at least one uppercase letter",
            "Password should have at least one number",
            "Password should have at least one symbol",
        ])
        #expect(rules.violations(for: "ALLUPPERCASE123!", userName: "alice") == [
            "Password should have at least one lowercase letter",
        ])
        #expect(rules.violations(for: "Good-Password-42", userName: "alice").isEmpty)
    }

    @Test func onlyAWSSymbolsCount() throws {
        let rules = PasswordRules(try PasswordPolicy(requireSymbols: true))
        #expect(rules.check("abcdef~", userName: "u") == [.missingSymbol])
        for symbol in "!@#$%^&*()_+-=[]{}|'" {
            #expect(rules.check("abcdef\(symbol)", userName: "u").isEmpty)
        }
    }

    @Test func nonASCIILettersDoNotCount() throws {
        let rules = PasswordRules(try PasswordPolicy(requireUppercaseCharacters: true))
        #expect(rules.check("ÄÖÜÉÈÊ", userName: "u") == [.missingUppercase])
    }

    @Test func defaultPolicyWhenNoneIsSet() {
        let rules = PasswordRules(nil)
        #expect(rules == .awsDefault)
        #expect(rules.check("Ab1!", userName: "u") == [.tooShort(minimum: 8)])
        #expect(rules.check("abcdefgh12", userName: "u") == [.tooFewCharacterTypes(required: 3)])
        #expect(rules.check("abcdefGH12", userName: "u").isEmpty)
        #expect(rules.check("Alice-2024", userName: "Alice-2024") == [.matchesName])
        #expect(rules.check("Owner@ex4mple.com", userName: "u", accountEmail: "Owner@ex4mple.com") == [.matchesName])
        #expect(rules.check(String(repeating: "aA1", count: 43), userName: "u") == [.tooLong(maximum: 128)])
    }

    @Test func errorMessageIsTheFirstViolation() {
        #expect(PasswordViolation.errorMessage(for: []) == nil)
        #expect(PasswordViolation.errorMessage(for: [.tooShort(minimum: 14), .missingUppercase])
            == "Password should have a minimum length of 14")
    }

    @Test func reusePreventionLooksAtTheLastNHashes() async throws {
        let hasher = PasswordHasher()
        var history: [String] = []  // Newest first.
        for password in ["third-Pass1", "second-Pass1", "first-Pass1"] { history.append(try await hasher.hash(password)) }
        #expect(try await PasswordReuse.isReused("second-Pass1", history: history, reusePrevention: 2, hasher: hasher))
        #expect(try await !PasswordReuse.isReused("first-Pass1", history: history, reusePrevention: 2, hasher: hasher))
        #expect(try await PasswordReuse.isReused("first-Pass1", history: history, reusePrevention: 3, hasher: hasher))
        #expect(try await !PasswordReuse.isReused("brand-new-Pass1", history: history, reusePrevention: 24, hasher: hasher))
        #expect(try await !PasswordReuse.isReused("third-Pass1", history: history, reusePrevention: nil, hasher: hasher))
    }
}
