import Foundation
public import Images
import Logging

/// Finds out, once per process, whether KVM really works here, by booting the image's kernel
/// under KVM with a deadline (``InitProbe``); TCG when it does not.
///
/// Every driver shares ``shared``, and jobs that start together while the first probe runs wait
/// for its answer instead of probing again (the actor is reentrant across the probe's awaits).
///
/// `/dev/kvm` existing is not enough: in some nested set-ups it opens but guests hang in the
/// kernel's decompressor, or QEMU aborts setting up the virtual CPU. A working KVM runs the
/// probe kernel to its init in a second or two.
public actor AcceleratorProbe {
    /// The probe every driver in this process shares, so the answer is found once.
    public static let shared = AcceleratorProbe()

    /// How long a KVM boot may take to reach init before KVM is judged unusable.
    static let deadline: Duration = .seconds(15)

    private var answers: [Architecture: Accelerator] = [:]
    private var waiting: [Architecture: [CheckedContinuation<Accelerator, Never>]] = [:]

    /// Creates a probe (tests; drivers use ``shared``).
    public init() {}

    /// The remembered answer for an architecture, if a probe ran.
    /// - Parameter arch: the guest architecture.
    public func answer(for arch: Architecture) -> Accelerator? { answers[arch] }

    /// The accelerator to use for an image, probing on first use.
    /// - Parameters:
    ///   - image: a built image whose kernel the probe boots.
    ///   - probe: boots the kernel.
    ///   - logger: where the answer is reported.
    func accelerator(for image: BuiltImage, probe: InitProbe, logger: Logger) async -> Accelerator {
        let arch = image.arch ?? .amd64
        if let known = answers[arch] { return known }
        if waiting[arch] != nil {
            return await withCheckedContinuation { waiting[arch, default: []].append($0) }
        }
        waiting[arch] = []
        let answer = await find(image, arch: arch, probe: probe, logger: logger)
        answers[arch] = answer
        for waiter in waiting.removeValue(forKey: arch) ?? [] { waiter.resume(returning: answer) }
        return answer
    }

    private func find(_ image: BuiltImage, arch: Architecture, probe: InitProbe, logger: Logger) async -> Accelerator {
        if let forced = ProcessInfo.processInfo.environment["HCK_ACCELERATOR"].flatMap(Accelerator.init(rawValue:)) {
            logger.info("accelerator: \(forced) (set by HCK_ACCELERATOR)")
            return forced
        }
        guard arch == Architecture.host, FileManager.default.fileExists(atPath: "/dev/kvm") else {
            logger.info("accelerator: tcg (no /dev/kvm, or a \(arch) guest on a \(Architecture.host) host)")
            return .tcg
        }
        do {
            if let time = try await probe.timeToInit(image, accelerator: .kvm, deadline: Self.deadline) {
                logger.info("accelerator: kvm (a probe kernel ran init in \(time))")
                return .kvm
            }
            logger.warning("accelerator: tcg (KVM exists but a probe kernel did not run init within \(Self.deadline))")
        } catch {
            logger.warning("accelerator: tcg (a KVM domain could not start: \(error))")
        }
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
}
