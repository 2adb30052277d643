import Foundation
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

    func announce(dataDirectory: URL) throws {
        let file = dataDirectory.appendingPathComponent("root-credentials")
        try? FileManager.default.removeItem(at: file)
        try MasterKeyFile.writeSecretFile(file, contents: text)
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
