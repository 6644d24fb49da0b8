import Foundation
import HckCore
import Store
import Wire

/// A fragment of HTML that is safe to send: literal segments are trusted markup, and every `String`
/// interpolated into one is escaped, so user text can only ever become text.
///
/// ```swift
/// let row: HTML = "<td class=\"note\">\(job.note ?? "")</td>"   // the note is escaped
/// let page: HTML = "<table>\(rows)</table>"                       // an HTML fragment is kept as is
/// ```
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Markup taken as it is; only for text that is known to be safe (constants, output of this builder).
    /// - Parameter markup: trusted markup.
    public init(trusted markup: String) {
        self.markup = markup
    }

    /// A literal is trusted markup.
    /// - Parameter value: the literal.
    public init(stringLiteral value: String) {
        markup = value
    }

    /// Builds a fragment from a literal with interpolations.
    /// - Parameter stringInterpolation: the pieces.
    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    /// The markup.
    public var description: String { markup }

    /// Several fragments one after the other.
    /// - Parameter parts: the fragments.
    public static func join(_ parts: some Sequence<HTML>) -> HTML {
        HTML(trusted: parts.map(\.markup).joined())
    }

    /// Appends a fragment.
    /// - Parameter other: what comes next.
    public mutating func append(_ other: HTML) {
        markup += other.markup
    }

    /// Collects literal segments as they are and escapes interpolated text.
    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        /// Reserves room.
        /// - Parameters:
        ///   - literalCapacity: characters of literal text.
        ///   - interpolationCount: number of interpolations.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Literal markup, trusted.
        /// - Parameter literal: the literal.
        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        /// Text, escaped.
        /// - Parameter text: the text.
        public mutating func appendInterpolation(_ text: String) {
            markup += text.htmlEscaped
        }

        /// Any value's description, escaped.
        /// - Parameter value: the value.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            markup += value.description.htmlEscaped
        }

        /// A fragment, kept.
        /// - Parameter fragment: the fragment.
        public mutating func appendInterpolation(_ fragment: HTML) {
            markup += fragment.markup
        }

        /// Fragments, kept, one after the other.
        /// - Parameter fragments: the fragments.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }
    }
}

extension String {
    /// The text with `& < > " '` replaced by character references: safe in element content and in
    /// quoted attribute values.
    public var htmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\0": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// The text percent-encoded for one path segment or query value of a URL.
    var urlComponentEncoded: String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
