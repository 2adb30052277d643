import ArgumentParser
import Foundation
import WardenPolicy

/// `warden policy validate FILE [--kind …]`: prints findings, exits 1 when there are errors.
struct PolicyValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a policy document as IAM would when it is created."
    )

    @Argument(help: "Policy document (JSON). Use - for standard input.")
    var file: String

    @Option(help: "Policy kind: identity, user-inline, group-inline, role-inline, resource, trust, scp, rcp, boundary, session.")
    var kind: String = "identity"

    func run() async throws {
        guard let policyKind = PolicyKind(argument: kind) else {
            throw ValidationError("unknown policy kind \"\(kind)\"")
        }
        let bytes = try PolicyFiles.read(file)
        let findings = PolicyValidator.validate(bytes: bytes, kind: policyKind)
        if findings.isEmpty {
            print("\(file): valid \(policyKind) policy")
            return
        }
        for finding in findings {
            print("\(file): \(finding)")
        }
        if findings.contains(where: { $0.severity == .error }) {
            throw ExitCode(1)
        }
    }
}

enum PolicyFiles {
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        return Array(data)
    }

    static func compile(_ path: String, id: String? = nil) throws -> CompiledPolicy {
        let bytes = try read(path)
        do {
            return try CompiledPolicy(id: id ?? path, document: PolicyDocument(bytes: bytes))
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
