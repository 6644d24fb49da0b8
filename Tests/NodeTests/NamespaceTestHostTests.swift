import Foundation
import HckCore
import TestSupport
import Testing

/// The isolation tests' own private-range host: made side by side with others (as the VM suites
/// do), each listens and is reached from this host, each on its own network, and each leaves
/// nothing behind once removed.
@Suite struct NamespaceTestHostTests {
    @Test func hostsMadeSideBySideAreEachReachedAndLeaveNothingBehind() async throws {
        let hosts = try await withThrowingTaskGroup(of: NamespaceTestHost.self) { group in
            for _ in 0..<6 { group.addTask { try await NamespaceTestHost.make() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for host in hosts {
            #expect(try await host.reachable(), "\(host.address):\(host.port) in \(host.namespace)")
        }
        #expect(Set(hosts.map(\.address)).count == hosts.count, "each on its own network: \(hosts.map(\.address))")
        for host in hosts { await host.remove() }
        let namespaces = try await ChildProcess.run(["ip", "netns", "list"]).output
        for host in hosts {
            #expect(!namespaces.contains(host.namespace), "\(host.namespace) removed: \(namespaces)")
        }
    }
}
