import CLibvirt
import NIOPosix

/// An open connection to libvirt (e.g. `qemu:///system`).
///
/// libvirt's C calls block (a domain start can take seconds, or 52 s when libvirt re-probes
/// QEMU), so every call runs on NIO's blocking-I/O thread pool, never on Swift's cooperative pool.
///
/// `@unchecked Sendable`: it only holds the `virConnectPtr`, which libvirt documents as safe to
/// use from several threads at once; the pointer is set once and freed in `deinit` when no call
/// can be using it any more.
final class LibvirtConnection: @unchecked Sendable {
    /// The URI it is connected to.
    let uri: String
    private let pointer: OpaquePointer
    private let pool: NIOThreadPool

    /// Opens a connection.
    /// - Parameters:
    ///   - uri: e.g. `qemu:///system`.
    ///   - pool: where blocking calls run.
    /// - Throws: ``LibvirtError`` when libvirt cannot be reached.
    static func open(_ uri: String, pool: NIOThreadPool = .singleton) async throws -> LibvirtConnection {
        let pointer = try await pool.runIfActive { () throws -> UncheckedPointer in
            Self.silenceDefaultErrorPrinting()
            guard let pointer = virConnectOpen(uri) else { throw LibvirtError.last("virConnectOpen(\(uri))") }
            return UncheckedPointer(pointer: pointer)
        }
        return LibvirtConnection(uri: uri, pointer: pointer.pointer, pool: pool)
    }

    private init(uri: String, pointer: OpaquePointer, pool: NIOThreadPool) {
        self.uri = uri
        self.pointer = pointer
        self.pool = pool
    }

    deinit {
        virConnectClose(pointer)
    }

    /// Runs a blocking libvirt call with the connection on the thread pool. Errors must be read
    /// with ``LibvirtError/last(_:)`` inside `body` (libvirt keeps them per thread).
    /// - Parameter body: the call.
    func call<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        // The closure holds `self`, so the connection stays open until the call returns.
        try await pool.runIfActive { try body(self.pointer) }
    }

    /// The hypervisor's and libvirt's versions (`major * 1_000_000 + minor * 1_000 + release`).
    func versions() async throws -> (hypervisor: UInt, library: UInt) {
        try await call { connection in
            var hypervisor: UInt = 0
            var library: UInt = 0
            guard virConnectGetVersion(connection, &hypervisor) == 0 else {
                throw LibvirtError.last("virConnectGetVersion")
            }
            guard virConnectGetLibVersion(connection, &library) == 0 else {
                throw LibvirtError.last("virConnectGetLibVersion")
            }
            return (hypervisor, library)
        }
    }

    /// libvirt prints every error to stderr unless told otherwise; hck reports them itself.
    private static func silenceDefaultErrorPrinting() {
        virSetErrorFunc(nil) { _, _ in }
    }
}

/// A libvirt pointer carried to the thread pool. `@unchecked Sendable` because libvirt's
/// connection and domain objects may be used from any thread.
struct UncheckedPointer: @unchecked Sendable {
    let pointer: OpaquePointer
}
