import Foundation
import Images

/// The libvirt XML of a transient job domain: direct kernel boot of the image's kernel, the
/// job's overlay as a virtio disk, the serial console to a file, and QEMU user-mode networking
/// with the guest's port 22 forwarded to a local port.
struct DomainXML {
    var name: String
    var accelerator: Accelerator
    var arch: Architecture
    var memoryMiB: Int
    var cpus: Int
    var kernel: String
    var initrd: String
    var commandLine: String
    /// The disk, or `nil` for a diskless boot (the accelerator probe).
    var disk: String?
    /// Whether the disk is attached read-only (the init probe boots the image itself).
    var readOnlyDisk = false
    var consoleLog: String
    /// The local port forwarded to the guest's SSH port, or `nil` for no network.
    var sshPort: Int?
    /// The socket of the virtio channel `org.hck.restore`, for a domain that is to be saved: a
    /// restored guest reads the job's key, seed and clock from it (images/debian/guest/hck-restore).
    /// A saved domain also gets a vmgenid device, whose ID each restore changes.
    var restoreChannel: String?
    /// The socket of the virtio channel `org.hck.log` (``TaskLogChannel``), which carries the task
    /// shell's output to the runner, or `nil` for a domain that runs no job (the probes).
    var logChannel: String?

    /// The domain XML.
    func render() -> String {
        var lines = [
            "<domain type='\(accelerator.domainType)' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>",
            "  <name>\(escape(name))</name>",
        ]
        lines += restoreChannel == nil ? [] : ["  <genid/>"]
        lines += [
            "  <memory unit='MiB'>\(memoryMiB)</memory>",
            "  <vcpu>\(cpus)</vcpu>",
            "  <os>",
            "    <type arch='\(arch.machineName)' machine='\(machine)'>hvm</type>",
            "    <kernel>\(escape(kernel))</kernel>",
            "    <initrd>\(escape(initrd))</initrd>",
            "    <cmdline>\(escape(commandLine))</cmdline>",
            "  </os>",
        ]
        lines += arch == .amd64 ? ["  <features><acpi/></features>"] : []
        lines += [
            cpu,
            "  <on_poweroff>destroy</on_poweroff>",
            "  <on_reboot>destroy</on_reboot>",
            "  <on_crash>destroy</on_crash>",
            "  <devices>",
        ]
        if let disk {
            lines += [
                "    <disk type='file' device='disk'>",
                "      <driver name='qemu' type='qcow2'/>",
                "      <source file='\(escape(disk))'/>",
                "      <target dev='vda' bus='virtio'/>",
            ]
            lines += readOnlyDisk ? ["      <readonly/>"] : []
            lines += ["    </disk>"]
        }
        lines += [
            "    <serial type='file'><source path='\(escape(consoleLog))'/></serial>"
        ]
        if let restoreChannel {
            lines += [
                "    <channel type='unix'>",
                "      <source mode='bind' path='\(escape(restoreChannel))'/>",
                "      <target type='virtio' name='org.hck.restore'/>",
                "    </channel>",
            ]
        }
        if let logChannel {
            lines += [
                "    <channel type='unix'>",
                "      <source mode='bind' path='\(escape(logChannel))'/>",
                "      <target type='virtio' name='\(TaskLogChannel.name)'/>",
                "    </channel>",
            ]
        }
        lines += [
            "    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>",
            "    <memballoon model='none'/>",
            "  </devices>",
        ]
        if let sshPort {
            // libvirt's own <interface> cannot forward a host port to a user-mode guest without
            // passt; QEMU's -netdev can. The NIC gets a fixed PCI slot, or it takes the disk's.
            lines += [
                "  <qemu:commandline>",
                "    <qemu:arg value='-netdev'/>",
                "    <qemu:arg value='user,id=hck0,hostfwd=tcp:127.0.0.1:\(sshPort)-:22'/>",
                "    <qemu:arg value='-device'/>",
                "    <qemu:arg value='virtio-net-pci,netdev=hck0,bus=\(pciBus),addr=0x10'/>",
                "  </qemu:commandline>",
            ]
        }
        lines.append("</domain>")
        return lines.joined(separator: "\n")
    }

    private var machine: String { arch == .amd64 ? "pc" : "virt" }
    private var pciBus: String { arch == .amd64 ? "pci.0" : "pcie.0" }

    private var cpu: String {
        switch (accelerator, arch) {
        case (.kvm, _): "  <cpu mode='host-passthrough'/>"
        case (.tcg, .amd64): "  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>"
        case (.tcg, .arm64): "  <cpu mode='custom' match='exact'><model fallback='forbid'>cortex-a57</model></cpu>"
        }
    }

    private func escape(_ text: String) -> String { Self.escape(text) }

    /// The text with XML's special characters escaped (for an attribute or an element's text).
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "'", with: "&apos;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
