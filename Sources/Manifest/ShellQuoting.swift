extension String {
    /// This string as one POSIX shell word: inside single quotes, each `'` written `'\''`.
    ///
    /// Nothing is special inside single quotes (`$`, `\`, backquotes, newlines), so the shell reads
    /// back exactly these characters. Works on Unicode scalars, not characters: a quote followed by
    /// a combining mark is one `Character` but still a quote to the shell.
    public var shellQuoted: String {
        var quoted = String.UnicodeScalarView()
        quoted.append("'")
        for scalar in unicodeScalars {
            if scalar == "'" {
                quoted.append(contentsOf: #"'\''"#.unicodeScalars)
            } else {
                quoted.append(scalar)
            }
        }
        quoted.append("'")
        return String(quoted)
    }
}

extension String {
    /// This string as one POSIX shell word, left as it is when no character in it is special to
    /// the shell (letters, digits and `+-./:=@_,`), else ``shellQuoted``: rendered commands stay
    /// readable in logs (`apt-get install -y jq`).
    public var shellWord: String {
        let plain = !isEmpty && unicodeScalars.allSatisfy { $0.isASCII && Self.plainShellCharacters.contains($0) }
        return plain ? self : shellQuoted
    }

    private static let plainShellCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-./:=@_,".unicodeScalars
    )
}
