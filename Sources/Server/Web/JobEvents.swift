import Foundation
import HckCore
import Manifest
import NIOCore
import Store
import Wire

/// Where a live page is in each of a job's logs: the byte offset after the last line it shows and the
/// number of the next line. Travels in the events URL (`from=`) and as each event's id, so a browser
/// that reconnects (`Last-Event-ID`) resumes where it was.
struct LogPositions: Sendable, Equatable {
    struct Position: Sendable, Equatable {
        var offset: Int
        var line: Int
    }

    /// Setup log first, then the tasks in order.
    var logs: [Position]

    /// Everything from the start.
    init(count: Int) {
        logs = Array(repeating: Position(offset: 0, line: 1), count: count)
    }

    /// Parses `o:l,o:l,…` (`from=` or `Last-Event-ID`, named `parameter`); entries past `count` are
    /// ignored, an empty text starts from the beginning (``RequestNumber/positions(_:count:)``).
    /// - Throws: a 400 naming the parameter when an entry is not `offset:line`.
    init(parsing text: String?, count: Int, parameter: RequestNumber) throws(APIError) {
        self.init(count: count)
        let entries = try parameter.read { number throws(RequestNumberError) in
            try number.positions(text ?? "", count: count)
        }
        for (index, entry) in entries.enumerated() {
            logs[index] = Position(offset: entry.offset, line: entry.line)
        }
    }

    /// The `o:l,o:l,…` form.
    var text: String {
        logs.map { "\($0.offset):\($0.line)" }.joined(separator: ",")
    }
}

/// One Server-Sent Event.
struct ServerSentEvent {
    var event: String
    var data: String
    var id: String?

    /// The wire form: `event:`, `id:`, one `data:` line per line of data, a blank line.
    var text: String {
        var text = "event: \(event)\n"
        if let id { text += "id: \(id)\n" }
        return text + dataLines + "\n"
    }

    /// One `data:` line per line of data (JSON has no line breaks: one line, found without
    /// splitting the text into characters).
    var dataLines: String {
        guard data.utf8.contains(0x0A) else { return "data: \(data)\n" }
        return data.split(separator: "\n", omittingEmptySubsequences: false).map { "data: \($0)\n" }.joined()
    }

    /// An event whose data is JSON.
    static func json(_ event: String, _ value: some Encodable, id: String? = nil) -> ServerSentEvent {
        let data = (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return ServerSentEvent(event: event, data: data, id: id)
    }
}

/// The `job` event: the page's status, facts, tasks, actions, `ssh` command, artifacts and triggers, rendered as
/// on the page.
struct JobUpdate: Encodable, Equatable {
    var status: String
    var statusHTML: String
    var factsHTML: String
    var tasksHTML: String
    var actionsHTML: String
    var sshHTML: String
    var artifactsHTML: String
    var triggersHTML: String

    init(_ view: JobPageView) {
        status = view.job.status.rawValue
        statusHTML = StatusStyle.label(view.job.status).markup
        factsHTML = view.facts().markup
        tasksHTML = view.tasks().markup
        actionsHTML = view.actions().markup
        sshHTML = view.ssh().markup
        artifactsHTML = view.artifactList().markup
        triggersHTML = view.deliveryList().markup
    }
}

/// The `lines` event: new lines of one log.
struct LinesUpdate: Sendable {
    /// `setup`, `t1`, `t2`…
    var log: String
    /// The lines, rendered (UTF-8 markup).
    var html: [UInt8]
    /// The byte offset after them.
    var offset: Int
    /// The number of the next line.
    var line: Int
    /// The log's size as the page shows it.
    var size: String

    /// The event's `data:` line and the blank line that ends it: the JSON object
    /// `{"log","html","offset","line","size"}`, its markup escaped byte by byte into the buffer
    /// (through `JSONEncoder` it would be made a `String` first, then encoded a scalar at a time).
    var dataField: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(html.count + html.count / 8 + 128)
        buffer.writeString("data: {\"log\":")
        JSONText.writeString(Array(log.utf8), to: &buffer)
        buffer.writeString(",\"html\":")
        JSONText.writeString(html, to: &buffer)
        buffer.writeString(",\"offset\":\(offset),\"line\":\(line),\"size\":")
        JSONText.writeString(Array(size.utf8), to: &buffer)
        buffer.writeString("}\n\n")
        return buffer
    }
}
