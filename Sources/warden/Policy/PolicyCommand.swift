import ArgumentParser
import WardenPolicy

/// `warden policy …`: check and try out IAM policy documents offline.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate IAM policy documents and evaluate requests against them.",
        subcommands: [PolicyValidateCommand.self, PolicyEvaluateCommand.self]
    )
}
