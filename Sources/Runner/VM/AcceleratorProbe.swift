public import Foundation
public import Images
import Logging

/// Finds out whether KVM really works here, by booting the image's kernel under KVM with a
/// deadline (``InitProbe``); TCG when it does not. The answer is found once per host boot: it is
/// kept in memory and in an ``AcceleratorCache`` file under `/run`, so the next process (the next
/// `hck run`) reads it instead of booting the probe again.
///
/// Every driver shares ``shared``, and jobs that start together while the first probe runs wait
/// for its answer instead of probing again (the actor is reentrant across the probe's awaits).
///
/// `/dev/kvm` existing is not enough: in some nested set-ups it opens but guests hang in the
/// kernel's decompressor, or QEMU aborts setting up the virtual CPU. A working KVM runs the
/// probe kernel to its init in a second or two.
public actor AcceleratorProbe {
    /// The probe every driver in this process shares, kept in ``AcceleratorCache/defaultFile``.
    public static let shared = AcceleratorProbe(cacheFile: AcceleratorCache.defaultFile)

    /// How long a KVM boot may take to reach init before KVM is judged unusable.
    static let deadline: Duration = .seconds(15)

    private var answers: [Architecture: Accelerator] = [:]
    private var waiting: [Architecture: [CheckedContinuation<Accelerator, Never>]] = [:]

    private let cache: AcceleratorCache?

    /// Creates a probe (tests; drivers use ``shared``).
    /// - Parameter cacheFile: where answers are kept across processes, or `nil` for nowhere.
    public init(cacheFile: URL? = nil) {
        cache = cacheFile.map(AcceleratorCache.init(file:))
    }

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
        let key: AcceleratorCache.Key?
        do {
            key = try await AcceleratorCache.Key.current(probe.connection)
        } catch {
            key = nil
            logger.warning("accelerator: libvirt did not say its versions, so the answer is not kept: \(error)")
        }
        if let cache, let key, let kept = cache.answer(for: arch, key: key) {
            logger.info("accelerator: \(kept) (probed earlier in this host boot, kept in \(cache.file.path))")
            return kept
        }
        let answer = await boot(image, probe: probe, logger: logger)
        if let cache, let key {
            do {
                try cache.record(answer, for: arch, key: key)
            } catch {
                let why = "accelerator: the answer could not be kept in \(cache.file.path) (\(error))"
                logger.notice("\(why); the next process probes again")
            }
        }
        return answer
    }

    private func boot(_ image: BuiltImage, probe: InitProbe, logger: Logger) async -> Accelerator {
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
