public import ArgumentParser
import Client
import Foundation
public import Server
import Store
import Wire

/// How `hck server` reaches an SMTP server for email triggers.
package struct SMTPOptions: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(
        name: .customLong("smtp-host"),
        help: "SMTP server for email triggers (none: email triggers are recorded as not delivered)."
    )
    package var host: String?

    @Option(name: .customLong("smtp-port"), help: "SMTP port (default 587 for starttls, 465 for tls, 25 for none).")
    package var port: Int?

    @Option(name: .customLong("smtp-security"), help: "none, starttls or tls.")
    package var security = "starttls"

    @Option(name: .customLong("smtp-user"), help: "SMTP user for AUTH PLAIN.")
    package var user: String?

    @Option(name: .customLong("smtp-password-env"), help: "Environment variable holding the SMTP password.")
    package var passwordVariable = "HCK_SMTP_PASSWORD"

    @Option(name: .customLong("smtp-from"), help: "The From address of trigger emails.")
    package var from = "hck@localhost"

    package func transport() throws -> (any MailTransport)? {
        guard let host else { return nil }
        guard let mode = SMTPConfiguration.Security(rawValue: security) else {
            throw ValidationError("--smtp-security must be none, starttls or tls, not '\(security)'")
        }
        let password = ProcessInfo.processInfo.environment[passwordVariable]
        return SMTPClient(
            configuration: SMTPConfiguration(
                host: host,
                port: port ?? mode.defaultPort,
                security: mode,
                from: from,
                credentials: user.map { SMTPConfiguration.Credentials(user: $0, password: password ?? "") }
            )
        )
    }
}
