/// The statements of a group of policies (one layer, or one organization node), flattened and
/// indexed so a request looks only at statements that can match its action:
/// - every action a policy names exactly (`s3:GetObject`) has the list of statements that
///   match it, pre-filtered at compile time (including `s3:Get*`, `*`, `NotAction` ones);
/// - any other action of a service falls back to the statements with wildcard actions for
///   that service, or for any service.
final class StatementIndex: Sendable {
    struct Bucket: Sendable {
        let hash: UInt64
        let key: [UInt8]
        /// Indices into `statements`, in policy and statement order.
        let candidates: [Int32]
    }

    let policies: [CompiledPolicy]
    /// Every statement of every policy, in order.
    let statements: [CompiledStatement]
    /// The same statements, unretained, for the evaluation loop (kept alive by `statements`).
    let unmanagedStatements: [Unmanaged<CompiledStatement>]
    /// For each entry of `statements`: the index of its policy.
    let policyOfStatement: [Int32]
    /// Exact actions, sorted by hash.
    private let actionBuckets: [Bucket]
    /// Service prefixes, sorted by hash: statements with a wildcard action in that service.
    private let serviceBuckets: [Bucket]
    /// Statements that can match any service (`*`, `NotAction`, wildcards in the prefix).
    private let anyService: [Int32]

    init(_ policies: [CompiledPolicy]) {
        self.policies = policies
        var statements: [CompiledStatement] = []
        var policyOfStatement: [Int32] = []
        for (policyIndex, policy) in policies.enumerated() {
            for statement in policy.statements {
                statements.append(statement)
                policyOfStatement.append(Int32(policyIndex))
            }
        }
        var exactActions = Set<[UInt8]>()
        var any: [Int32] = []
        var byService: [[UInt8]: [Int32]] = [:]
        for (index, statement) in statements.enumerated() {
            guard !statement.actions.negated, let services = statement.services else {
                any.append(Int32(index))
                continue
            }
            var wildcardServices = Set<[UInt8]>()
            for pattern in statement.actions.patterns {
                if pattern.shape == .exact {
                    exactActions.insert(pattern.bytes)
                } else if let service = services.first(where: { pattern.bytes.starts(with: Array($0.utf8) + [UInt8(ascii: ":")]) }) {
                    wildcardServices.insert(Array(service.utf8))
                }
            }
            for service in wildcardServices { byService[service, default: []].append(Int32(index)) }
        }
        self.statements = statements
        unmanagedStatements = statements.map { Unmanaged.passUnretained($0) }
        self.policyOfStatement = policyOfStatement
        anyService = any
        actionBuckets = exactActions.map { action in
            let candidates = action.withUnsafeBufferPointer { subject in
                statements.indices.filter { statements[$0].actions.matches(subject) }.map { Int32($0) }
            }
            return Bucket(hash: ContextKey.foldedHash(action), key: action, candidates: candidates)
        }.sorted { $0.hash < $1.hash }
        serviceBuckets = byService.map { service, candidates in
            Bucket(hash: ContextKey.foldedHash(service), key: service, candidates: (candidates + any).sorted())
        }.sorted { $0.hash < $1.hash }
    }

    var isEmpty: Bool { policies.isEmpty }

    /// Candidate statements for the request's action; `actionMatched` when every candidate is
    /// already known to match the action (the exact-action buckets).
    @inline(__always)
    func candidates(_ request: AuthorizationRequest) -> (statements: [Int32], actionMatched: Bool) {
        if let bucket = Self.find(actionBuckets, hash: request.actionHash, key: request.actionBytes[...]) {
            return (bucket, true)
        }
        if let bucket = Self.find(serviceBuckets, hash: request.serviceHash, key: request.actionBytes[..<request.serviceLength]) {
            return (bucket, false)
        }
        return (anyService, false)
    }

    /// Binary search on the hash, then a check of the key bytes.
    @inline(__always)
    private static func find(_ buckets: [Bucket], hash: UInt64, key: ArraySlice<UInt8>) -> [Int32]? {
        var low = 0
        var high = buckets.count
        while low < high {
            let mid = (low + high) / 2
            if buckets[mid].hash < hash { low = mid + 1 } else { high = mid }
        }
        while low < buckets.count, buckets[low].hash == hash {
            if buckets[low].key.elementsEqual(key) { return buckets[low].candidates }
            low += 1
        }
        return nil
    }
}

/// A node of the organization tree with the SCPs or RCPs attached to it.
public struct OrganizationLevel: Sendable {
    public enum Kind: String, Sendable, Hashable {
        case root
        case organizationalUnit = "OU"
        case account
    }

    /// `r-…`, `ou-…` or the account id.
    public let node: String
    public let kind: Kind
    public var policies: [CompiledPolicy] { index.policies }
    let index: StatementIndex

    public init(node: String, kind: Kind, policies: [CompiledPolicy]) {
        self.node = node
        self.kind = kind
        index = StatementIndex(policies)
    }
}
