import Foundation
import Images
import Testing

@testable import Runner

/// libvirt's save file header, rewritten in place: the XML may grow into libvirt's padding, the
/// cookie moves after it, and QEMU's stream after the data is left as it was. And the XML a
/// restore starts: every saved value replaced with the job's own.
@Suite struct SaveFileTests {
    @Test func replacesTheXMLAndKeepsTheCookieAndTheStream() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("save-\(UUID().uuidString).sav")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.saveFile(xml: "<domain><name>old</name></domain>\n", cookie: "<cookie/>", stream: "QEVM-stream")
            .write(to: file)

        try SaveFile.replaceDomainXML(in: file) { $0.replacingOccurrences(of: "old", with: "a-much-longer-name") }

        #expect(try SaveFile.domainXML(in: file) == "<domain><name>a-much-longer-name</name></domain>\n")
        let bytes = try Data(contentsOf: file)
        let cookieOffset = bytes[32..<36].reversed().reduce(0) { $0 << 8 | Int($1) }
        let cookie = bytes[(92 + cookieOffset)...].prefix { $0 != 0 }
        #expect(String(decoding: cookie, as: UTF8.self) == "<cookie/>")
        #expect(String(decoding: bytes.suffix(11), as: UTF8.self) == "QEVM-stream")
        #expect(bytes.count == 92 + 4096 + 11)
    }

    @Test func refusesWhatDoesNotFitOrIsNoSaveFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("save-\(UUID().uuidString).sav")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.saveFile(xml: "<domain/>", cookie: "", stream: "").write(to: file)
        #expect(throws: VMError.self) {
            try SaveFile.replaceDomainXML(in: file) { _ in String(repeating: "x", count: 5000) }
        }
        try Data("not a save file at all, not at all, really not one: it is far too short".utf8).write(to: file)
        #expect(throws: VMError.self) { try SaveFile.domainXML(in: file) }
    }

    @Test func aRestoredDomainIsTheJobsOwn() throws {
        let state = SavedState(
            key: SavedState.Key(
                imageBuildDate: Date(timeIntervalSince1970: 0),
                imageDiskBytes: 1,
                imageDiskModified: 0,
                hypervisorVersion: 1,
                libvirtVersion: 1,
                accelerator: "tcg",
                memoryMiB: 2048,
                cpus: 2,
                format: 1
            ),
            domainName: "hck-save-1",
            disk: "/images/saved.new/disk.qcow2",
            consoleLog: "/images/saved.new/console.log",
            channel: "/images/saved.new/restore.sock",
            sshPort: 40000,
            madeAt: Date(),
            makeSeconds: 1
        )
        let saved = """
            <domain type='qemu'>
              <name>hck-save-1</name>
              <uuid>62746435-b216-4481-a649-c53f1f305366</uuid>
              <genid>97c248c3-ceeb-4018-adf9-e304c0917f76</genid>
              <source file='/images/saved.new/disk.qcow2'/>
              <source path='/images/saved.new/console.log'/>
              <source path='/images/saved.new/console.log'/>
              <source mode='bind' path='/images/saved.new/restore.sock'/>
              <source mode='bind' path='/images/saved.new/log.sock'/>
              <qemu:arg value='user,id=hck0,hostfwd=tcp:127.0.0.1:40000-:22'/>
            </domain>
            """
        let job = RestoredDomain(
            name: "hck-job-7",
            disk: "/jobs/hck-job-7/root.qcow2",
            consoleLog: "/jobs/7/console.log",
            channel: "/jobs/hck-job-7/restore.sock",
            logChannel: "/jobs/hck-job-7/log.sock",
            sshPort: 41000
        )
        let one = try job.xml(from: saved, state: state)
        let two = try job.xml(from: saved, state: state)
        #expect(one.contains("<name>hck-job-7</name>"))
        #expect(!one.contains("saved.new") && !one.contains("40000") && !one.contains("62746435"))
        #expect(!one.contains("97c248c3"))
        #expect(one.components(separatedBy: "/jobs/7/console.log").count == 3)
        #expect(one.contains("hostfwd=tcp:127.0.0.1:41000-:22"))
        #expect(one.contains("path='/jobs/hck-job-7/log.sock'"))
        #expect(one != two, "each restore gets its own UUID and vmgenid")
        #expect(throws: VMError.self) { try job.xml(from: "<domain><name>x</name></domain>", state: state) }
    }

    /// A save file as libvirt writes it: the XML, the cookie, zeros up to 4096 bytes of data.
    private static func saveFile(xml: String, cookie: String, stream: String) -> Data {
        let xmlBytes = Array(xml.utf8) + [0]
        var data = xmlBytes + Array(cookie.utf8) + [0]
        data += [UInt8](repeating: 0, count: 4096 - data.count)
        var header = Array("LibvirtQemudSave".utf8)
        for field in [2, data.count, 1, 0, xmlBytes.count] + [Int](repeating: 0, count: 14) {
            withUnsafeBytes(of: UInt32(field).littleEndian) { header += $0 }
        }
        return Data(header + data + Array(stream.utf8))
    }
}
