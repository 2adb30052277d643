import Testing
@testable import WardenPolicy

/// Malformed and random documents: the parser, validator and compiler may refuse them but
/// must never crash, hang or overflow the stack.
@Suite("Fuzzing the parser")
struct FuzzTests {
    static let seeds = [
        #"{"Version":"2012-10-17","Statement":[{"Sid":"A1","Effect":"Allow","Action":["s3:Get*","iam:*"],"Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"StringLike":{"s3:prefix":["home/*"]},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}"#,
        #"{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/x"]},"NotAction":"s3:*","NotResource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"Null":{"k:x":"true"}}}}"#,
    ]
    static let tokens = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "\\ud800", "null", "true", "1e999", "-0.5", "${", "}", "*", "?", "\u{0}", "é", "\"Statement\"", "\"Condition\"", "\"Effect\"", "\"Allow\"", "StringEquals", "ForAnyValue:", "IfExists"]

    @Test("mutated policies never crash the parser, validator or compiler")
    func mutations() {
        var random = SeededRandom(seed: 0xF022)
        var accepted = 0
        for round in 0..<4_000 {
            var bytes = Array(random.pick(Self.seeds).utf8)
            for _ in 0..<(1 + Int(random.next() % 6)) {
                guard !bytes.isEmpty else { break }
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(contentsOf: Array(random.pick(Self.tokens).utf8), at: position)
                case 3:
                    let end = min(bytes.count, position + Int(random.next() % 20))
                    bytes.removeSubrange(position..<end)
                default:
                    let end = min(bytes.count, position + Int(random.next() % 30))
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                }
            }
            _ = PolicyValidator.validate(bytes: bytes, kind: round % 2 == 0 ? .identity(.managed) : .resource)
            if let document = try? PolicyDocument(bytes: bytes), let compiled = try? CompiledPolicy(id: "fuzz", document: document) {
                accepted += 1
                _ = Authorizer.authorize(Fixture.request("s3:GetObject", "arn:aws:s3:::b/k"), PolicySet(identityPolicies: [compiled]))
            }
        }
        #expect(accepted > 0)
    }

    @Test("random byte strings and random JSON never crash")
    func randomInput() {
        var random = SeededRandom(seed: 0xBEEF)
        for _ in 0..<2_000 {
            let length = Int(random.next() % 200)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = PolicyValidator.validate(bytes: bytes, kind: .scp)
            let text = (0..<Int(random.next() % 60)).map { _ in random.pick(Self.tokens) }.joined()
            _ = PolicyValidator.validate(json: text, kind: .rcp)
            _ = try? CompiledPolicy(id: "x", json: text)
        }
    }

    @Test("deeply nested values at every position are refused, not recursed into")
    func nesting() {
        for depth in [33, 1_000, 200_000] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let json = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"k:k":\#(nested)}}}}"#
            let findings = PolicyValidator.validate(json: json, kind: .identity(.managed))
            #expect(findings.first?.severity == .error)
        }
    }

    @Test("pathological wildcard patterns stay fast")
    func wildcardBacktracking() {
        let pattern = Wildcard.encode(String(repeating: "*a", count: 30) + "b")
        let subject = String(repeating: "a", count: 2_000)
        #expect(!Wildcard.matches(pattern: pattern, subject))
    }
}
