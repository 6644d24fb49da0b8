import Crypto
import Foundation
import HckCore
import Wire

/// Bearer tokens: random, shown once, stored only as their SHA-256.
public enum Token {
    /// A new random token (32 bytes, hex).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.lowercaseHex
    }

    /// The hex SHA-256 of a token, as the store keeps it.
    /// - Parameter token: the token as presented.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }
}
