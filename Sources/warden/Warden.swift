import ArgumentParser

/// `warden`: the organization manager's command line.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "A self-hosted AWS Organizations, IAM and STS on PostgreSQL.",
        subcommands: [ServeCommand.self, MigrateCommand.self, PolicyCommand.self]
    )
}
