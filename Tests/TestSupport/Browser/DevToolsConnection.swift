public import Foundation
package import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// A headless Chromium driven over the DevTools protocol on a loopback WebSocket, written out here
/// (handshake, masked text frames) because the test only needs `Runtime.evaluate` on one page.
///
/// Everything here blocks its thread (reading chromium's start-up line, socket reads), so only
/// ``DevToolsSession`` uses it, on a queue of its own: never on Swift's cooperative pool, where a
/// slow browser start would stall the in-process servers of every test running beside it.
package final class DevToolsConnection {
    package let process: SpawnedProcess
    package let profile: TemporaryDirectory
    private var socket: Int32 = -1
    private var nextID = 0
    private var buffer = [UInt8]()
    private var session = ""

    /// Starts chromium with remote debugging on a free loopback port and returns once it listens:
    /// the browser, its profile folder and its DevTools endpoint.
    package static func launch() async throws -> (process: SpawnedProcess, profile: TemporaryDirectory, endpoint: URL) {
        let profile = try TemporaryDirectory()
        let port = try TestServer.freePort()
        let log = profile.url.appendingPathComponent("chromium.log")
        let (process, firstPrinted) = try await startLogged(
            "/usr/bin/chromium",
            Chromium.flags + [
                "--user-data-dir=\(profile.path("profile"))", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=\(port)",
                "about:blank",
            ],
            log: log,
            ready: "DevTools listening on ",
            within: .seconds(120)
        )
        // The endpoint is whole once its line ends.
        var printed = firstPrinted
        for _ in 0..<100 where !printed.components(separatedBy: "DevTools listening on ")[1].contains("\n") {
            try await Task.sleep(for: .milliseconds(50))
            printed = (try? String(contentsOf: log, encoding: .utf8)) ?? printed
        }
        let line = printed.components(separatedBy: "DevTools listening on ")[1].prefix { !$0.isNewline }
        guard let endpoint = URL(string: String(line)), endpoint.host != nil, endpoint.port != nil else {
            process.signal(SIGKILL)
            throw Chromium.Failure(description: "cannot read the DevTools endpoint from '\(line)'")
        }
        return (process, profile, endpoint)
    }

    /// Connects to a browser ``launch()`` started, opens `url` in a new page and attaches to it.
    package init(process: SpawnedProcess, profile: TemporaryDirectory, endpoint: URL, opening url: URL) throws {
        self.process = process
        self.profile = profile
        guard let host = endpoint.host, let wsPort = endpoint.port else {
            throw Chromium.Failure(description: "no DevTools endpoint in \(endpoint)")
        }
        try connect(host: host, port: wsPort, path: endpoint.path)
        let target = try call("Target.createTarget", ["url": url.absoluteString])
        guard let targetID = (target["result"] as? [String: Any])?["targetId"] as? String else {
            throw Chromium.Failure(description: "no target: \(target)")
        }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let id = (attached["result"] as? [String: Any])?["sessionId"] as? String else {
            throw Chromium.Failure(description: "cannot attach: \(attached)")
        }
        session = id
    }

    /// Closes the socket and ends chromium.
    package func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        process.signal(SIGTERM)
    }

    /// Sends a DevTools command and returns its reply.
    package func call(_ method: String, _ parameters: [String: Any]) throws -> [String: Any] {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if !session.isEmpty { message["sessionId"] = session }
        try sendText(try JSONSerialization.data(withJSONObject: message))
        while true {
            let frame = try receiveText()
            if let object = try JSONSerialization.jsonObject(with: frame) as? [String: Any],
                object["id"] as? Int == nextID
            {
                if let error = object["error"] { throw Chromium.Failure(description: "\(method) failed: \(error)") }
                return object
            }
        }
    }

    private func connect(host: String, port: Int, path: String) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            throw Chromium.Failure(description: "cannot connect to DevTools at \(host):\(port)")
        }
        // Replies come from the browser alone (never from the server under test), within milliseconds;
        // the timeout only turns a wedged browser into an error instead of a hang.
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        try write(
            Array(
                "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n"
                    .utf8
            )
        )
        while !buffer.starts(with: []) || String(decoding: buffer, as: UTF8.self).range(of: "\r\n\r\n") == nil {
            try fill()
        }
        let header = String(decoding: buffer, as: UTF8.self)
        guard header.hasPrefix("HTTP/1.1 101") else {
            throw Chromium.Failure(description: "no WebSocket upgrade: \(header.prefix(200))")
        }
        let end =
            header.utf8.count
            - (header.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")).utf8.count
        buffer.removeFirst(end)
    }

    private func sendText(_ payload: Data) throws {
        var frame: [UInt8] = [0x81]
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65536 {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try write(frame)
    }

    private func receiveText() throws -> Data {
        var message = [UInt8]()
        while true {
            try need(2)
            let fin = buffer[0] & 0x80 != 0
            let opcode = buffer[0] & 0x0F
            var length = Int(buffer[1] & 0x7F)
            var header = 2
            if length == 126 {
                try need(4)
                length = Int(buffer[2]) << 8 | Int(buffer[3])
                header = 4
            } else if length == 127 {
                try need(10)
                length = (2..<10).reduce(0) { $0 << 8 | Int(buffer[$1]) }
                header = 10
            }
            try need(header + length)
            let payload = buffer[header..<(header + length)]
            buffer.removeFirst(header + length)
            if opcode == 0x8 { throw Chromium.Failure(description: "DevTools closed the WebSocket") }
            if opcode == 0x9 || opcode == 0xA { continue }
            message += payload
            if fin { return Data(message) }
        }
    }

    private func need(_ count: Int) throws {
        while buffer.count < count { try fill() }
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = read(socket, &chunk, chunk.count)
        guard count > 0 else { throw Chromium.Failure(description: "DevTools connection ended") }
        buffer += chunk[0..<count]
    }

    private func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.write(socket, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Chromium.Failure(description: "cannot write to DevTools") }
            sent += count
        }
    }
}
