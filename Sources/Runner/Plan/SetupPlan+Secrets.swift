import Manifest
import NIOCore

extension SetupPlan {
    /// One command per secret; each value travels on standard input.
    /// - Parameter secrets: the secrets.
    static func secretCommands(_ secrets: [JobSecret]) -> [GuestCommand] {
        var commands: [GuestCommand] = []
        var defaultKeySet = false
        for secret in secrets {
            let value = ByteBuffer(bytes: secret.value)
            switch secret.kind {
            case .sshKey:
                let file = "~/.ssh/" + secret.id.shellQuoted
                var command = "mkdir -p ~/.ssh && chmod 700 ~/.ssh && (umask 077 && cat > \(file)) && chmod 600 \(file)"
                var display = "install ssh key \(secret.name) as \(file) (value hidden)"
                if !defaultKeySet {
                    command += " && ln -sf \(secret.id.shellQuoted) ~/.ssh/id_rsa"
                    display += ", the default key"
                    defaultKeySet = true
                }
                commands.append(GuestCommand(display: display, command: command, stdin: value))
            case .pgpKey:
                commands.append(
                    GuestCommand(
                        display: "gpg --import (pgp key \(secret.name), value hidden)",
                        command: "gpg --batch --import",
                        stdin: value
                    )
                )
            case .file(let path, let mode):
                let target = guestPath(path)
                let octal = String(mode, radix: 8)
                commands.append(
                    GuestCommand(
                        display: "install file secret \(secret.name) as \(path), mode \(octal) (value hidden)",
                        command: "mkdir -p \"$(dirname \(target))\" && (umask 077 && cat > \(target))"
                            + " && chmod \(octal) \(target)",
                        stdin: value
                    )
                )
            }
        }
        return commands
    }

    /// A path for the guest's shell: a leading `~` means the build user's home.
    /// - Parameter path: the path as the secret gives it.
    static func guestPath(_ path: String) -> String {
        if path == "~" { return "\"$HOME\"" }
        if path.hasPrefix("~/") { return "\"$HOME\"/" + String(path.dropFirst(2)).shellQuoted }
        return path.shellQuoted
    }
}
