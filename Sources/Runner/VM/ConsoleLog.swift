import Foundation

/// Reads a guest's serial console log (the file libvirt writes) while the guest boots.
struct ConsoleLog {
    /// The line prefix under which the guest prints its fresh SSH host key.
    static let hostKeyPrefix = "hck-host-key: "

    /// The console file.
    let file: URL

    /// The host key from the console's `hck-host-key:` line, if it was printed yet.
    ///
    /// Lines end in `\r\n` on a serial console (the tty adds the `\r`), and Swift reads `\r\n`
    /// as one `Character`: lines are split on `isNewline`, which it is, not on `\n` or `\r` alone.
    /// A line the console is still writing (no line end yet) is not read: it may hold half a key.
    func hostKey() -> String? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(whereSeparator: \.isNewline)
        if let last = text.last, !last.isNewline { lines = lines.dropLast() }
        for line in lines {
            guard let range = line.range(of: Self.hostKeyPrefix) else { continue }
            let key = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if key.split(separator: " ").count >= 2 { return key }
        }
        return nil
    }

    /// The console's last lines, for an error that must explain a failed boot on its own (the
    /// console file may be gone by the time someone reads the error).
    /// - Parameter count: how many lines at most.
    /// - Returns: the lines, indented, or a note that the console is empty or unreadable.
    func tail(_ count: Int = 15) -> String {
        guard let data = try? Data(contentsOf: file), !data.isEmpty else {
            return "  (the console log \(file.path) is empty or unreadable)"
        }
        let lines = String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .suffix(count)
        return lines.map { "  | " + $0 }.joined(separator: "\n")
    }

    /// Whether the console holds a text yet.
    /// - Parameter marker: the text to look for.
    func contains(_ marker: String) -> Bool {
        guard let data = try? Data(contentsOf: file) else { return false }
        return String(decoding: data, as: UTF8.self).contains(marker)
    }

    /// Polls the console until `found` returns a value, the deadline passes, or `stillRunning`
    /// says the guest stopped.
    /// - Parameters:
    ///   - deadline: when to give up.
    ///   - stillRunning: asked about once a second; `false` ends the wait.
    ///   - found: reads the console; a value ends the wait.
    /// - Returns: the value, or `nil` at the deadline or when the guest stopped.
    func wait<T: Sendable>(
        until deadline: ContinuousClock.Instant,
        stillRunning: () async throws -> Bool,
        found: () -> T?
    ) async throws -> T? {
        var polls = 0
        while ContinuousClock.now < deadline {
            if let value = found() { return value }
            polls += 1
            if polls % 10 == 0, try await !stillRunning() { return found() }
            try await Task.sleep(for: .milliseconds(100))
        }
        return found()
    }
}
