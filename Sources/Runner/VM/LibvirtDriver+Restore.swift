import Foundation
import HckCore
import Images
import Logging
import Manifest

extension LibvirtDriver {
    /// Starts a job's VM from the image's saved state: a fresh overlay on the saved disk, the
    /// memory restored under the job's own name, UUID, vmgenid, console, channel and port, then the
    /// job's key, a fresh seed and the clock sent to the guest, which reseeds its random state,
    /// makes a fresh host key, starts sshd and prints the key as a cold boot does.
    func restore(_ spec: VMSpec, from state: SavedState, place: Placement) async throws -> any VirtualMachine {
        let files = spec.image.savedStateFiles(for: state.key)
        let overlay = try await place.prepare(spec, overlayOn: files.disk)
        let channel = place.directory.appendingPathComponent("restore.sock")
        let name = spec.domainName.description
        let clock = ContinuousClock()
        let start = clock.now
        // The save file's header names the domain; restores of one state take turns at it.
        let turn = try await OwnerLock.waiting(for: files.headerLock, atMost: spec.bootTimeout)
        do {
            let saved = try String(contentsOf: files.domainXML, encoding: .utf8)
            try SaveFile.replaceDomainXML(in: files.memory) { _ in
                try RestoredDomain(
                    name: name,
                    disk: overlay.path,
                    consoleLog: spec.consoleLog.path,
                    channel: channel.path,
                    logChannel: TaskLogChannel.socket(in: place.directory).path,
                    sshPort: place.port
                ).xml(from: saved, state: state)
            }
            try await connection.restoreDomain(from: files.memory.path)
            turn.release()
        } catch {
            turn.release()
            throw error
        }
        let restoreDuration = clock.now - start
        let guest = try RestoreChannel.connect(channel.path)
        try guest.send(Self.restoreLine(authorizedKey: spec.authorizedKey))
        let hostKey = try await hostKey(of: spec, since: start)
        withExtendedLifetime(guest) {}
        logger.info(
            "\(name) restored: ssh on 127.0.0.1:\(place.port), restore \(restoreDuration.secondsText), host key after \((clock.now - start).secondsText)"
        )
        return LibvirtMachine(
            name: spec.domainName,
            sshPort: place.port,
            hostKey: hostKey,
            createdAt: start,
            startDuration: restoreDuration,
            bootDuration: clock.now - start,
            howBooted: "restored from the saved state made \(state.madeAt.formatted(.iso8601))",
            connection: connection,
            ports: ports,
            directory: place.directory,
            lock: place.lock
        )
    }

    /// What a restored guest reads from its channel (images/debian/guest/hck-restore): 64 fresh
    /// random bytes (base64), the host's clock (seconds since 1970), a fresh machine id, and the
    /// job's `authorized_keys` line last (it holds spaces).
    static func restoreLine(authorizedKey: String) -> String {
        var random = SystemRandomNumberGenerator()
        let seed = (0..<64).map { _ in UInt8.random(in: 0...255, using: &random) }
        let machineID = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }.lowercaseHex
        let now = String(format: "%.3f", Date().timeIntervalSince1970)
        let key = authorizedKey.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return "\(Data(seed).base64EncodedString()) \(now) \(machineID) \(key)"
    }
}

/// The job's own values that replace the saved domain's in its XML at a restore.
struct RestoredDomain {
    var name: String
    var disk: String
    var consoleLog: String
    var channel: String
    /// The job's ``TaskLogChannel`` socket; the saved one was beside the saved restore channel.
    var logChannel: String
    var sshPort: Int

    /// The saved XML with the job's name, a fresh UUID and vmgenid, its disk, console, channel and
    /// port. Every saved value must be found, or libvirt's XML is not what hck wrote.
    func xml(from saved: String, state: SavedState) throws -> String {
        var xml = saved
        func replace(_ old: String, _ new: String) throws {
            guard xml.contains(old) else {
                throw VMError(.savedState, "the saved domain's XML has no \(old)")
            }
            xml = xml.replacingOccurrences(of: old, with: new)
        }
        func element(_ tag: String, _ value: String) throws {
            guard let open = xml.range(of: "<\(tag)>"),
                let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex)
            else { throw VMError(.savedState, "the saved domain's XML has no <\(tag)>") }
            xml.replaceSubrange(open.upperBound..<close.lowerBound, with: value)
        }
        let escape = DomainXML.escape
        try element("name", escape(name))
        try element("uuid", UUID().uuidString.lowercased())
        try element("genid", UUID().uuidString.lowercased())
        try replace("'\(escape(state.disk))'", "'\(escape(disk))'")
        try replace("'\(escape(state.consoleLog))'", "'\(escape(consoleLog))'")
        try replace("'\(escape(state.channel))'", "'\(escape(channel))'")
        let savedLog = TaskLogChannel.socket(in: URL(fileURLWithPath: state.channel).deletingLastPathComponent())
        try replace("'\(escape(savedLog.path))'", "'\(escape(logChannel))'")
        try replace("127.0.0.1:\(state.sshPort)-:22", "127.0.0.1:\(sshPort)-:22")
        return xml
    }
}
