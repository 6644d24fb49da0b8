import Foundation

/// POSIX shell quoting for words put into rendered commands.
enum ShellQuote {
    /// `word` as one shell word: unchanged when it is plainly safe, single-quoted otherwise.
    static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-./:=@_,".contains($0)) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
