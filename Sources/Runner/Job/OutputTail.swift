import Foundation
import NIOCore

/// The end of what a command printed, so a failure message can quote its last line (where
/// `apt-get` and hck's own rendered commands say why they failed).
struct OutputTail {
    /// How many bytes are kept: enough for a few long lines.
    static let limit = 4096

    private var bytes: [UInt8] = []

    /// Keeps the end of another piece of output.
    /// - Parameter buffer: what the command printed next.
    mutating func append(_ buffer: ByteBuffer) {
        bytes.append(contentsOf: buffer.readableBytesView)
        if bytes.count > Self.limit * 2 { bytes.removeFirst(bytes.count - Self.limit) }
    }

    /// The last line that is not blank, without colour codes or surrounding white space.
    var lastLine: String? {
        let text = String(decoding: bytes.suffix(Self.limit), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.last { !$0.isEmpty }
    }
}
