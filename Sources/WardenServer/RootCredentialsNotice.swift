import Foundation
import Logging
import WardenServices

/// Shows generated root credentials once: written to `<data-dir>/root-credentials` (mode 0600) and printed
/// to standard output as a ready-to-paste snippet. They never go to the log.
struct RootCredentialsNotice {
    let credentials: FirstStart.RootCredentials
    let endpoint: String

    var text: String {
        """
        # Warden created account \(credentials.accountID) and a root access key for it.
        # This is the only time the secret is shown; it is also in root-credentials in the data directory (mode 0600).
        export AWS_ACCESS_KEY_ID=\(credentials.accessKeyID)
        export AWS_SECRET_ACCESS_KEY=\(credentials.secretAccessKey)
        export AWS_DEFAULT_REGION=us-east-1
        export AWS_ENDPOINT_URL=\(endpoint)
        # then: aws sts get-caller-identity
        # or:   aws configure set aws_access_key_id \(credentials.accessKeyID) && aws configure set aws_secret_access_key <secret above>

        """
    }

    /// Prints first, then saves: the account is already committed, so the secret must reach the operator
    /// even when the data directory cannot be written.
    func announce(dataDirectory: URL, logger: Logger) {
        FileHandle.standardOutput.write(Data(text.utf8))
        let file = dataDirectory.appendingPathComponent("root-credentials")
        do {
            if !FileManager.default.fileExists(atPath: dataDirectory.path) {
                try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            try? FileManager.default.removeItem(at: file)
            try MasterKeyFile.writeSecretFile(file, contents: text)
        } catch {
            logger.warning("root credentials were printed but not saved", metadata: ["warden.file": "\(file.path)", "warden.error": "\(error)"])
        }
    }
}
