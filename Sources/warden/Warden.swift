import ArgumentParser
import NIOCore
import NIOPosix

/// `warden`: the organization manager's command line.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "A self-hosted AWS Organizations, IAM and STS on PostgreSQL.",
        subcommands: [ServeCommand.self, EmulateCommand.self, MigrateCommand.self, AccountsCommand.self, PolicyCommand.self, KeysCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self]
    )

    /// Swift concurrency runs on NIO's event loops: a request is read, authenticated, authorized and answered
    /// on one thread, without hops between the event loop and the concurrency pool (measured in README).
    static func main() async {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await main(nil)
    }
}
