public import ArgumentParser
import Foundation
import Server
public import Store

/// `--secrets-key-file`: the key that seals users' secrets, for `hck server` and `hck admin secrets-key`.
package struct SecretsKeyOption: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(
        help: """
            The file holding the key that seals users' secrets, made by `hck admin secrets-key new`; every \
            server sharing a database needs the same one (default: $HCK_SECRETS_KEY_FILE, else secrets.key in \
            the data directory, made when missing).
            """
    )
    package var secretsKeyFile: String?

    /// The file named by the option or `$HCK_SECRETS_KEY_FILE`, or nil for the data directory's own key.
    package var namedFile: String? {
        secretsKeyFile ?? ProcessInfo.processInfo.environment["HCK_SECRETS_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the key: the named file, which must exist, else the data directory's (made when missing).
    /// - Parameter dataDirectory: the data directory's path.
    package func open(dataDirectory: String) throws -> SecretBox {
        if let namedFile { return try SecretBox(keyFile: namedFile) }
        return try DataDirectory(path: dataDirectory).openSecrets()
    }
}
