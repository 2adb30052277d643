import Foundation
import WardenAWS
import WardenPolicy

/// The decoded form of an encoded authorization failure message, as `DecodeAuthorizationMessage` returns it:
/// AWS's document (`allowed`, `explicitDeny`, `matchedStatements`, `failures`, `context` with the principal,
/// action, resource and the request's condition keys), plus `warden`: the layer that decided, its policy and
/// statement, and the organization node for SCPs and RCPs.
struct AuthorizationMessage: Codable, Sendable {
    struct Items<Element: Codable & Sendable>: Codable, Sendable {
        var items: [Element]
    }

    struct Value: Codable, Sendable {
        var value: String
    }

    struct Condition: Codable, Sendable {
        var key: String
        var values: Items<Value>
    }

    /// A statement that decided: AWS's `statementId` and `effect`, and where it is.
    struct Statement: Codable, Sendable {
        var statementId: String
        var effect: String
        /// `identity-based policy`, `permissions boundary`, `session policy`, `SCP`, `RCP`, `resource-based policy`.
        var layer: String
        /// The policy's ARN, or its id (`user/NAME` for inline policies, `p-…` for SCPs and RCPs).
        var policyId: String
        /// The statement's `Sid`, when it has one.
        var sid: String?
        /// The statement's position in the policy's `Statement`, from 0.
        var statementIndex: Int
        /// For SCPs and RCPs: where the policy is attached (`r-…`, `ou-…` or an account id) and what that is.
        var organizationNode: String?
        var organizationNodeKind: String?
    }

    struct Principal: Codable, Sendable {
        var id: String
        var name: String?
        var arn: String
    }

    struct Context: Codable, Sendable {
        var principal: Principal
        var action: String
        var resource: String
        var conditions: Items<Condition>
    }

    /// Warden's explanation of the decision.
    struct Explanation: Codable, Sendable {
        /// The layer that decided.
        var layer: String
        /// The decision in words.
        var explanation: String
        var reason: String?
        /// For an implicit deny by SCPs or RCPs: the node where nothing allowed.
        var organizationNode: String?
        var organizationNodeKind: String?
        /// Condition keys policies asked about that the request did not carry.
        var missingContextKeys: [String]
    }

    var allowed: Bool
    var explicitDeny: Bool
    var matchedStatements: Items<Statement>
    var failures: Items<Value>
    var context: Context
    var warden: Explanation

    /// The plain text of an encoded message may be at most this long, so the encoded message fits
    /// `DecodeAuthorizationMessage`'s 10,240 characters.
    static let maximumPlainText = 7_500

    init(decision: Decision, caller: Caller) {
        let explanation = decision.explanation
        allowed = decision.isAllowed
        explicitDeny = decision.effect == .explicitDeny
        let statements = (explanation.decidingStatement.map { [$0] } ?? []) + explanation.supportingStatements
        matchedStatements = Items(
            items: statements.map { reference in
                Statement(
                    statementId: reference.statement.description, effect: decision.effect == .explicitDeny ? "DENY" : "ALLOW",
                    layer: reference.layer.rawValue, policyId: reference.policyId, sid: reference.statement.sid,
                    statementIndex: reference.statement.index, organizationNode: reference.organizationNode,
                    organizationNodeKind: reference.organizationNodeKind?.rawValue)
            })
        failures = Items(items: [])
        let name: String? = if case .user(_, let name, _) = caller.kind { name } else { nil }
        let keys = explanation.requestContext
        context = Context(
            principal: Principal(id: caller.userID, name: name, arn: caller.arn), action: explanation.action, resource: explanation.resource,
            conditions: Items(
                items: keys.keys.map { key in Condition(key: key, values: Items(items: (keys[key] ?? []).map { Value(value: $0) })) }))
        warden = Explanation(
            layer: explanation.layer.rawValue, explanation: explanation.description, reason: explanation.reason,
            organizationNode: explanation.organizationNode, organizationNodeKind: explanation.organizationNodeKind?.rawValue,
            missingContextKeys: Array(explanation.missingContextKeys))
    }

    /// The message as JSON, condition keys dropped from the end until it fits ``maximumPlainText``.
    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var message = self
        while true {
            let data = (try? encoder.encode(message)) ?? Data("{}".utf8)  // plain values: encoding cannot fail
            if data.count <= Self.maximumPlainText || message.context.conditions.items.isEmpty { return Array(data) }
            message.context.conditions.items.removeLast(max(1, message.context.conditions.items.count / 4))
        }
    }
}
