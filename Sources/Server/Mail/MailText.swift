import Foundation
import HckCore
import Store
import Wire

/// An email as SMTP DATA: RFC 5322 headers, UTF-8 text body, CRLF line ends, dot-stuffed.
struct MailText {
    let message: BuildEmail
    let from: String

    var rendered: String {
        var headers = [
            "From: \(from)",
            "To: \(message.to.joined(separator: ", "))",
        ]
        if !message.cc.isEmpty { headers.append("Cc: \(message.cc.joined(separator: ", "))") }
        headers += [
            "Subject: \(Self.encodedHeader(message.subject))",
            "Date: \(Self.date())",
            "Message-ID: <\(UUID().uuidString.lowercased())@hck>",
        ]
        if let reply = message.inReplyTo {
            headers.append("In-Reply-To: \(reply)")
            headers.append("References: \(reply)")
        }
        headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
        let body = message.body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(".") ? "." + line : String(line)
        }
        return (headers + [""] + body).joined(separator: "\r\n") + (message.body.hasSuffix("\n") ? "" : "\r\n")
    }

    /// ASCII as is; anything else as an RFC 2047 encoded word.
    static func encodedHeader(_ text: String) -> String {
        text.allSatisfy(\.isASCII) ? text : "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    static func date() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: Date())
    }
}
