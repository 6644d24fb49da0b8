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
