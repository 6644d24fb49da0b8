import Foundation
import Images
import Logging

/// Finds out, once per process, whether KVM really works here, by booting the image's kernel
/// under KVM with a deadline; TCG when it does not.
///
/// `/dev/kvm` existing is not enough: in some nested set-ups it opens but guests hang in the
/// kernel's decompressor. The probe boots the kernel with no disk and waits for the kernel to
/// reach its init; a working KVM gets there in about a second.
public actor AcceleratorProbe {
    /// The probe every driver in this process shares, so the answer is found once.
    public static let shared = AcceleratorProbe()

    /// What the kernel prints when it is about to run init: proof the guest runs well.
    static let marker = "Run /init as init process"

    private var answers: [Architecture: Accelerator] = [:]

    /// Creates a probe (tests; drivers use ``shared``).
    public init() {}

    /// The remembered answer for an architecture, if a probe ran.
    /// - Parameter arch: the guest architecture.
    public func answer(for arch: Architecture) -> Accelerator? { answers[arch] }

    /// The accelerator to use for an image, probing on first use.
    /// - Parameters:
    ///   - image: a built image whose kernel the probe boots.
    ///   - connection: libvirt.
    ///   - workDirectory: where the probe's console log goes.
    ///   - logger: where the answer is reported.
    func accelerator(
        for image: BuiltImage,
        connection: LibvirtConnection,
        workDirectory: URL,
        logger: Logger
    ) async -> Accelerator {
        let arch = image.arch ?? .amd64
        if let known = answers[arch] { return known }
        let answer = await probe(
            image,
            arch: arch,
            connection: connection,
            workDirectory: workDirectory,
            logger: logger
        )
        answers[arch] = answer
        return answer
    }

    private func probe(
        _ image: BuiltImage,
        arch: Architecture,
        connection: LibvirtConnection,
        workDirectory: URL,
        logger: Logger
    ) async -> Accelerator {
        if let forced = ProcessInfo.processInfo.environment["HCK_ACCELERATOR"].flatMap(Accelerator.init(rawValue:)) {
            logger.info("accelerator: \(forced) (set by HCK_ACCELERATOR)")
            return forced
        }
        guard arch == Architecture.host, FileManager.default.fileExists(atPath: "/dev/kvm") else {
            logger.info("accelerator: tcg (no /dev/kvm, or a \(arch) guest on a \(Architecture.host) host)")
            return .tcg
        }
        let name = "\(DomainName.prefix)accelerator-probe-\(UUID().uuidString.prefix(8).lowercased())"
        let console = workDirectory.appendingPathComponent("\(name).console")
        try? FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: console) }
        let xml = DomainXML(
            name: name,
            accelerator: .kvm,
            arch: arch,
            memoryMiB: 512,
            cpus: 1,
            kernel: image.kernel.path,
            initrd: image.initrd.path,
            commandLine: "console=\(arch.serialConsole) panic=-1",
            disk: nil,
            consoleLog: console.path,
            sshPort: nil
        )
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await connection.createDomain(xml: xml.render())
        } catch {
            logger.warning("accelerator: tcg (a KVM domain could not start: \(error))")
            return .tcg
        }
        let log = ConsoleLog(file: console)
        let booted = try? await log.wait(
            until: start.advanced(by: .seconds(10)),
            stillRunning: { true },
            found: { log.contains(Self.marker) ? true : nil }
        )
        _ = try? await connection.destroyDomain(named: name)
        if booted == true {
            logger.info("accelerator: kvm (the probe kernel reached init in \(clock.now - start))")
            return .kvm
        }
        logger.warning("accelerator: tcg (KVM exists but a probe kernel did not reach init within 10 s)")
        return .tcg
    }
}

extension Architecture {
    /// The architecture of the machine hck runs on.
    static var host: Architecture {
        #if arch(arm64)
            .arm64
        #else
            .amd64
        #endif
    }

    /// The guest's serial console device.
    var serialConsole: String { self == .amd64 ? "ttyS0" : "ttyAMA0" }
}
