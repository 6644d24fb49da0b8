public import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// A test host of the test's own: a network namespace joined to this host by a veth pair, with
/// a private-range address (in 10.213.0.0/16, a /30 of its own) and a TCP port listening on it. A guest that could
/// reach private ranges would reach it; the test shows that this host itself does. Nothing else
/// in a private range is ever probed.
package final class NamespaceTestHost: Sendable {
    /// The namespace's name.
    package let namespace: String
    /// The address in the namespace.
    package let address: String
    /// The port that listens there.
    package let port: Int
    private let hostSide: String
    private let listener: SpawnedProcess

    private init(namespace: String, address: String, port: Int, hostSide: String, listener: SpawnedProcess) {
        self.namespace = namespace
        self.address = address
        self.port = port
        self.hostSide = hostSide
        self.listener = listener
    }

    /// Makes the namespace, the veth pair, the addresses and the listener, and waits until this
    /// host reaches it. Remove it with ``remove()``.
    package static func make() async throws -> NamespaceTestHost {
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let namespace = "hcktest-\(tag)"
        let (hostSide, guestSide) = ("hv\(tag)a", "hv\(tag)b")
        // One of 10.213.0.0/16's 16384 /30 networks, so that tests making hosts side by side
        // do not pick the same one (two veths on one network make the route ambiguous).
        let network = Int.random(in: 0..<16384) * 4
        let subnet = (prefix: "10.213.\(network / 256)", last: network % 256)
        let address = "\(subnet.prefix).\(subnet.last + 2)"
        let port = Int.random(in: 40000..<60000)
        let steps = [
            ["ip", "netns", "add", namespace],
            ["ip", "link", "add", hostSide, "type", "veth", "peer", "name", guestSide],
            ["ip", "link", "set", guestSide, "netns", namespace],
            ["ip", "addr", "add", "\(subnet.prefix).\(subnet.last + 1)/30", "dev", hostSide],
            ["ip", "link", "set", hostSide, "up"],
            ["ip", "-n", namespace, "addr", "add", "\(address)/30", "dev", guestSide],
            ["ip", "-n", namespace, "link", "set", guestSide, "up"],
            ["ip", "-n", namespace, "link", "set", "lo", "up"],
        ]
        for step in steps {
            let result = try await ChildProcess.run(step)
            guard result.status == 0 else {
                _ = try? await ChildProcess.run(["ip", "netns", "del", namespace])
                _ = try? await ChildProcess.run(["ip", "link", "del", hostSide])
                throw TestHostError(description: "\(step.joined(separator: " ")): \(result.output)")
            }
        }
        // The listener says when it listens (a file it writes), so that the wait below is for
        // its start, however long a loaded host takes to start Python, and not a count of tries.
        let ready = FileManager.default.temporaryDirectory.appendingPathComponent("\(namespace).ready").path
        let listener = try await SpawnedProcess.start(
            "/usr/bin/env",
            [
                "ip", "netns", "exec", namespace, "python3", "-c",
                "import socket,time; s=socket.socket(); s.bind(('0.0.0.0', \(port))); s.listen(64); "
                    + "open('\(ready)', 'w').close(); time.sleep(3600)",
            ]
        )
        let host = NamespaceTestHost(
            namespace: namespace,
            address: address,
            port: port,
            hostSide: hostSide,
            listener: listener
        )
        defer { try? FileManager.default.removeItem(atPath: ready) }
        while !FileManager.default.fileExists(atPath: ready) {
            guard listener.isRunning else {
                await host.remove()
                throw TestHostError(description: "the listener in \(namespace) ended before it listened")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // It listens: a refusal now is the route, which needs no more than the links coming up.
        for _ in 0..<100 {
            if try await host.reachable() { return host }
            try await Task.sleep(for: .milliseconds(100))
        }
        await host.remove()
        throw TestHostError(description: "\(address):\(port) in \(namespace) listens but never answered this host")
    }

    /// Whether this host (as root, not as QEMU) connects to the test host's port.
    package func reachable() async throws -> Bool {
        let probe = "if (exec 3<>/dev/tcp/\(address)/\(port)) 2>/dev/null; then echo reached; fi"
        return try await ChildProcess.run(["bash", "-c", probe]).output.contains("reached")
    }

    /// Stops the listener and removes the namespace and the veth pair.
    package func remove() async {
        listener.signal(SIGKILL)
        _ = try? await ChildProcess.run(["ip", "netns", "del", namespace])
        _ = try? await ChildProcess.run(["ip", "link", "del", hostSide])
    }
}

/// A test host could not be made.
package struct TestHostError: Error, CustomStringConvertible {
    package var description: String
}

/// The lines of a task that probe TCP ports from inside a guest: each prints
/// `PROBE ADDRESS:PORT open` or `PROBE ADDRESS:PORT closed` (10 s at most each).
package enum GuestProbe {
    /// A task script probing each `address:port`.
    package static func script(_ targets: [String]) -> String {
        targets.map {
            let parts = $0.split(separator: ":")
            return
                "if timeout 10 bash -c 'exec 3<>/dev/tcp/\(parts[0])/\(parts[1])' 2>/dev/null; then echo \"PROBE \($0) open\"; else echo \"PROBE \($0) closed\"; fi"
        }.joined(separator: "\n")
    }

    /// What a probe of `target` printed in `log`: "open", "closed", or nil when it did not run.
    package static func result(_ target: String, in log: String) -> String? {
        for line in log.split(separator: "\n") where line.hasPrefix("PROBE \(target) ") {
            return String(line.dropFirst("PROBE \(target) ".count))
        }
        return nil
    }
}
