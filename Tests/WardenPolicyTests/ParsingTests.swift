import Testing
@testable import WardenPolicy

@Suite("Parsing policy documents")
struct ParsingTests {
    @Test("Statement may be an object or an array; Action, Resource may be a string or a list")
    func statementShapes() throws {
        let single = try PolicyDocument(json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#)
        #expect(single.statements.count == 1)
        #expect(single.statements[0].action == .action(["s3:GetObject"]))
        let list = try PolicyDocument(json: #"{"Version":"2012-10-17","Id":"p1","Statement":[{"Sid":"A","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":["arn:aws:s3:::a","arn:aws:s3:::b"]}]}"#)
        #expect(list.id == "p1")
        #expect(list.statements[0].sid == "A")
        #expect(list.statements[0].effect == .deny)
        #expect(list.statements[0].action == .notAction(["iam:*", "sts:*"]))
        #expect(list.statements[0].resource == .notResource(["arn:aws:s3:::a", "arn:aws:s3:::b"]))
    }

    @Test("Principal forms: *, AWS account / ARN / *, Service, Federated, CanonicalUser")
    func principals() throws {
        let document = try PolicyDocument(json: #"""
            {"Version":"2012-10-17","Statement":[
             {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"},
             {"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:user/bob","*"]},"Action":"s3:GetObject","Resource":"*"},
             {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"Action":"sts:AssumeRole","Resource":"*"},
             {"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*","Resource":"*"}
            ]}
            """#)
        #expect(document.statements[0].principal == .principal(PrincipalValue(isWildcard: true)))
        guard case .principal(let aws)? = document.statements[1].principal else { Issue.record("no principal"); return }
        #expect(aws.entries.first?.type == .aws)
        #expect(aws.entries.first?.values.count == 4)
        guard case .principal(let mixed)? = document.statements[2].principal else { Issue.record("no principal"); return }
        #expect(mixed.entries.map(\.type) == [.service, .federated, .canonicalUser])
        guard case .notPrincipal? = document.statements[3].principal else { Issue.record("no NotPrincipal"); return }
    }

    @Test("condition values may be strings, numbers or booleans")
    func conditionScalars() throws {
        let document = try PolicyDocument(json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"Bool":{"aws:SecureTransport":true}}}}"#)
        #expect(document.statements[0].conditions == [
            ConditionEntry(operatorName: "NumericLessThan", key: "aws:MultiFactorAuthAge", values: ["3600"]),
            ConditionEntry(operatorName: "Bool", key: "aws:SecureTransport", values: ["true"]),
        ])
    }

    @Test("size is counted without whitespace")
    func size() throws {
        let compact = #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#
        let spaced = "{\n  \"Version\" : \"2012-10-17\",\n\t\"Statement\" : { \"Effect\" : \"Allow\", \"Action\" : \"*\", \"Resource\" : \"*\" }\n}\n"
        #expect(try PolicyDocument(json: compact).size == compact.count)
        #expect(try PolicyDocument(json: spaced).size == compact.count)
    }

    @Test("the JSON parser refuses malformed input with a path", arguments: [
        (#"{"Version":"2012-10-17","Version":"2008-10-17","Statement":[]}"#, "Version", "duplicate key"),
        (#"{"Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}"#, "Statement[0].Effect", "duplicate key"),
        (#"{"Statement": [}"#, "Statement[0]", "unexpected character"),
        (#"{"a": "\ud800"}"#, "a", "unpaired surrogate"),
        (#"{"a": 01}"#, "", "expected ','"),
        (#"{"a": "x"} trailing"#, "", "unexpected characters"),
        ("{\"a\": \"tab\there\"}", "a", "control character"),
    ])
    func malformed(json: String, path: String, message: String) {
        #expect(throws: PolicyError.self) { try JSONParser.parse(json) }
        do {
            _ = try JSONParser.parse(json)
        } catch {
            #expect(error.path == path, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("hostile input: deep nesting, huge arrays and invalid UTF-8 are refused without crashing")
    func hostile() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: PolicyError.self) { try PolicyDocument(json: deep) }
        let deepObjects = String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)
        #expect(throws: PolicyError.self) { try PolicyDocument(json: deepObjects) }
        let huge = "[" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        #expect(throws: PolicyError.self) { try PolicyDocument(json: huge) }
        var invalid = Array(#"{"Version":"2012-10-17","Statement":{"Sid":""#.utf8)
        invalid += [0xC3, 0x28] // invalid UTF-8 sequence
        invalid += Array(#"","Effect":"Allow","Action":"*","Resource":"*"}}"#.utf8)
        #expect(throws: PolicyError.self) { try PolicyDocument(bytes: invalid) }
        let findings = PolicyValidator.validate(bytes: invalid, kind: .identity(.managed))
        #expect(findings.first?.message.contains("invalid UTF-8") == true)
    }

    @Test("escapes decode, including surrogate pairs")
    func escapes() throws {
        let value = try JSONParser.parse(#"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00"}"#)
        #expect(value == .object([(key: "s", value: .string("a\"b\\c/d\né😀"))]))
    }
}
