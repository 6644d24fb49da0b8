import CLibvirt
import Foundation

extension LibvirtConnection {
    /// Starts a transient domain from its XML (`virDomainCreateXML`).
    /// - Parameter xml: the domain definition.
    /// - Returns: the domain's name.
    func createDomain(xml: String) async throws -> String {
        try await call { connection in
            guard let domain = virDomainCreateXML(connection, xml, 0) else {
                throw LibvirtError.last("virDomainCreateXML")
            }
            defer { virDomainFree(domain) }
            return virDomainGetName(domain).map { String(cString: $0) } ?? ""
        }
    }

    /// Destroys a running domain by name (a transient domain then disappears).
    /// - Parameter name: the domain's name.
    /// - Returns: `false` when no such domain was running.
    @discardableResult
    func destroyDomain(named name: String) async throws -> Bool {
        try await withDomain(named: name) { domain in
            guard virDomainDestroy(domain) == 0 else {
                let error = LibvirtError.last("virDomainDestroy(\(name))")
                if error.code == .operationInvalid || error.code == .noDomain { return false }
                throw error
            }
            return true
        } ?? false
    }

    /// Whether a domain of that name exists and runs.
    /// - Parameter name: the domain's name.
    func isRunning(named name: String) async throws -> Bool {
        try await withDomain(named: name) { virDomainIsActive($0) == 1 } ?? false
    }

    /// Runs `body` on the thread pool with the named domain; `nil` when there is no such domain.
    private func withDomain<T: Sendable>(
        named name: String,
        _ body: @escaping @Sendable (OpaquePointer) throws -> T
    ) async throws -> T? {
        try await call { connection in
            guard let domain = virDomainLookupByName(connection, name) else {
                let error = LibvirtError.last("virDomainLookupByName(\(name))")
                if error.code == .noDomain { return nil }
                throw error
            }
            defer { virDomainFree(domain) }
            return try body(domain)
        }
    }

    /// The names of every domain libvirt knows, running or defined.
    func domainNames() async throws -> [String] {
        try await call { connection in
            var domains: UnsafeMutablePointer<virDomainPtr?>?
            let count = virConnectListAllDomains(connection, &domains, 0)
            guard count >= 0, let domains else { throw LibvirtError.last("virConnectListAllDomains") }
            defer { free(domains) }
            var names: [String] = []
            for index in 0..<Int(count) {
                guard let domain = domains[index] else { continue }
                if let name = virDomainGetName(domain) { names.append(String(cString: name)) }
                virDomainFree(domain)
            }
            return names
        }
    }
}
