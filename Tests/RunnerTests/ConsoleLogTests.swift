import Foundation
import Testing

@testable import Runner

@Suite struct ConsoleLogTests {
    /// A serial console as the guest writes it: `\r\n` line ends, more lines after the key.
    static let text =
        "[    0.000000] Linux version 6.1.0\r\n"
        + "hck-host-key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample hck\r\n"
        + "[    5.100000] systemd[1]: Started journald.\r\n"
        + "Kernel panic - not syncing: IO-APIC + timer doesn't work!\r\n"

    @Test func readsTheHostKeyLineAloneFromCRLFLines() throws {
        let log = try Self.write(Self.text)
        defer { try? FileManager.default.removeItem(at: log.file) }
        #expect(log.hostKey() == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample hck")
    }

    /// The console file is read while QEMU writes it: a key line without its line end yet may be
    /// cut mid-key (a fresh-clone run once failed a job on half a key), so it waits for the end.
    @Test func aHostKeyLineStillBeingWrittenIsNotReadUntilItEnds() throws {
        let log = try Self.write("booting\r\nhck-host-key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINWqJH")
        defer { try? FileManager.default.removeItem(at: log.file) }
        #expect(log.hostKey() == nil)
        let whole = try Self.write("booting\r\nhck-host-key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample hck\r\n")
        defer { try? FileManager.default.removeItem(at: whole.file) }
        #expect(whole.hostKey() == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample hck")
    }

    @Test func tailsLineByLine() throws {
        let log = try Self.write(Self.text)
        defer { try? FileManager.default.removeItem(at: log.file) }
        let lines = log.tail(2).split(separator: "\n")
        #expect(
            lines == [
                "  | [    5.100000] systemd[1]: Started journald.",
                "  | Kernel panic - not syncing: IO-APIC + timer doesn't work!",
            ]
        )
    }

    static func write(_ text: String) throws -> ConsoleLog {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hck-console-\(UUID().uuidString).log")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return ConsoleLog(file: file)
    }
}
