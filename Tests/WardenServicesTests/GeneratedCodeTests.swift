import Foundation
import Testing
import WardenTestSupport
import WardenAWS
import WardenShapes

/// The generated code is what the generators make from what the repository holds, and it works.
@Suite struct GeneratedCodeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["generate_shapes.py", "generate_migrations.py", "generate_managed_policies.py"])
    func generatedFilesMatchTheirGenerator(_ generator: String) async throws {
        let result = try await ChildProcess.run(["python3", Self.repository.appendingPathComponent("Codegen/\(generator)").path, "--check"])
        #expect(result.status == 0, "Codegen/\(generator) --check: \(result.output)\(result.error)")
    }

    @Test func everyModelPatternCompiles() {
        let sources = IAM.Patterns.sources + STS.Patterns.sources + Organizations.Patterns.sources + CloudTrail.Patterns.sources
        #expect(sources.count > 50)
        for source in sources { #expect(TextPattern.compiles(source), "\(source)") }
    }

    @Test func modelPatternsMatchWholeValuesAsAWSValidatesThem() {
        let name = TextPattern.model(#"[\w+=,.@-]+"#)
        #expect(name.matches("alice.b@x-y_z=1+2,3"))
        #expect(!name.matches("bad name"))
        #expect(!name.matches(""))
        let path = TextPattern.model(#"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)"#)
        #expect(path.matches("/"))
        #expect(path.matches("/eng/team/"))
        #expect(!path.matches("/eng"))
        #expect(!path.matches("eng/"))
        let ou = TextPattern.model(#"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$"#)
        #expect(ou.matches("ou-ab12-abcdefgh"))
        #expect(!ou.matches("ou-ab1-abcdefgh"))
        #expect(!ou.matches("ou-ab12-abcdefg"))
        let parent = TextPattern.model(#"^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$"#)
        #expect(parent.matches("r-ab12"))
        #expect(parent.matches("ou-ab12-abcdefgh"))
        #expect(!parent.matches("x-ab12"))
        let document = TextPattern.model(#"[\u0009\u000A\u000D\u0020-\u00FF]+"#)
        #expect(document.matches("{\n\t\"Version\": \"2012-10-17\"}"))
        #expect(!document.matches("\u{1}"))
        #expect(!document.matches("€"))
        let supplementary = TextPattern.model(#"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*"#)
        #expect(supplementary.matches("emoji 😀 ok"))
        #expect(!supplementary.matches("\u{1}"))
        let alias = TextPattern.model(#"^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$"#)
        #expect(alias.matches("my-alias-1"))
        #expect(!alias.matches("ab--cd"))
        #expect(!alias.matches("-abc"))
        #expect(!alias.matches("abc-"))
        let tagKey = TextPattern.model(#"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"#)
        #expect(tagKey.matches("Équipe 1:a/b=c+d-e@f"))
        #expect(!tagKey.matches("no*star"))
    }

    @Test func matchingTakesLinearTime() {
        // A pattern that makes a backtracking engine exponential stays linear here.
        let nested = TextPattern.model(#"((a+)+)+b"#)
        #expect(!nested.matches(String(repeating: "a", count: 5_000)))
    }
}
