import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import NIOSSH

extension JobExecution {
    /// Boots the VM, streaming its console into the setup log while it boots.
    mutating func boot() async -> JobEvent {
        let image: JobPlan
        do {
            image = try plan.get()
        } catch {
            return .failed("\(error)")
        }
        let configuration = runner.configuration
        let console = directory.appendingPathComponent("console.log")
        let spec = VMSpec(
            jobID: String(request.id),
            image: image.image,
            memoryMiB: configuration.memoryMiB,
            cpus: configuration.cpus,
            authorizedKey: key.authorizedKeyLine(comment: "hck-job-\(request.id)"),
            consoleLog: console,
            bootTimeout: configuration.bootTimeout,
            boot: configuration.boot
        )
        await events.setupLine("\u{1B}[1m==> Booting \(image.image.metadata.name) (\(spec.domainName))\u{1B}[0m")
        let driver = runner.driver
        let events = self.events
        vmStarted = .now
        let result = await racingDeadline(machine.deadline!) {
            try await withThrowingTaskGroup(of: (any VirtualMachine)?.self) { group in
                group.addTask {
                    var tail = ConsoleTail(file: console)
                    while !Task.isCancelled {
                        if let bytes = tail.read() { await events.setupLog(bytes) }
                        try? await Task.sleep(for: .milliseconds(250))
                    }
                    if let bytes = tail.read() { await events.setupLog(bytes) }
                    return nil
                }
                group.addTask { try await driver.start(spec) }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let machine = next { return machine }
                }
                throw CancellationError()
            }
        }
        if case .value(let machine) = result {
            vm = machine
            if Task.isCancelled { return .cancelled }
            await events.setupLine(
                "hck: \(machine.name) up in \(machine.bootDuration.secondsText) (domain start \(machine.startDuration.secondsText)), ssh on 127.0.0.1:\(machine.sshPort), \(machine.howBooted)"
            )
            return .vmBooted
        }
        return interrupted(result) { "the VM did not boot: \($0)" }
    }

    /// Connects over SSH, retrying until the guest's sshd answers or the settle timeout passes.
    mutating func waitForSSH() async -> JobEvent {
        guard let vm else { return .failed("internal error: no VM to connect to") }
        await events.setupLine("\u{1B}[1m==> Waiting for SSH on 127.0.0.1:\(vm.sshPort)\u{1B}[0m")
        let hostKey: NIOSSHPublicKey
        do {
            hostKey = try NIOSSHPublicKey(
                openSSHPublicKey: vm.hostKey.split(separator: " ").prefix(2).joined(separator: " ")
            )
        } catch {
            return .failed("the guest's console printed a host key hck cannot read (\(vm.hostKey)): \(error)")
        }
        let port = vm.sshPort
        let settle = runner.configuration.sshSettleTimeout
        let user = runner.configuration.user
        let key = self.key
        let started = ContinuousClock.now
        let result = await racingDeadline(machine.deadline!) {
            let giveUp = ContinuousClock.now.advanced(by: settle)
            while true {
                do {
                    let remaining = ContinuousClock.now.duration(to: giveUp)
                    return try await GuestConnection.connect(
                        port: port,
                        user: user,
                        key: key,
                        hostKey: hostKey,
                        timeout: max(remaining, .seconds(1))
                    )
                } catch let error as GuestSSHError where error.code == .hostKeyMismatch {
                    throw error
                } catch {
                    try Task.checkCancellation()
                    guard ContinuousClock.now < giveUp else {
                        throw GuestSSHError(.settleTimeout, "SSH did not answer within \(settle): \(error)")
                    }
                    try await Task.sleep(for: .milliseconds(300))
                }
            }
        }
        if case .value(let connected) = result {
            connection = connected
            vmReady = vmStarted.map { $0.duration(to: .now) }
            if Task.isCancelled { return .cancelled }
            await events.setupLine("hck: SSH answered after \((ContinuousClock.now - started).secondsText)")
            return .sshReady
        }
        return interrupted(result) { "\($0)" }
    }
}

/// Reads what was appended to a growing file since the last read.
struct ConsoleTail {
    let file: URL
    private var offset: UInt64 = 0

    init(file: URL) {
        self.file = file
    }

    mutating func read() -> ByteBuffer? {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
            return nil
        }
        offset += UInt64(data.count)
        return ByteBuffer(bytes: data)
    }
}
