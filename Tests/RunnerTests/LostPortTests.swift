import HckCore
import Testing

@testable import Runner

/// When a start failed because another program took the VM's SSH port: the decision that sends the
/// driver to another port, on the two ways libvirt reports it (QEMU's complaint, or only a refused
/// monitor when QEMU exited first) and on real ports held or free.
@Suite struct LostPortTests {
    @Test func qemusComplaintAboutThePortIsALostPort() {
        let error = LibvirtError(
            operation: "virDomainCreateXML",
            code: .operationInvalid,
            message: "internal error: qemu unexpectedly closed the monitor: Could not set up host forwarding rule "
                + "'tcp:127.0.0.1:40123-:22'"
        )
        #expect(LibvirtDriver.lostItsPort(error, port: 40123))
    }

    @Test func aRefusedMonitorIsALostPortOnlyWhileAnotherProgramHoldsThePort() throws {
        let error = LibvirtError(
            operation: "virDomainCreateXML",
            code: .operationInvalid,
            message: "failed to connect to monitor socket: Connection refused"
        )
        let held = try ListeningSocket()
        #expect(PortAllocator.isHeld(held.port))
        #expect(LibvirtDriver.lostItsPort(error, port: held.port))
        held.close()
        #expect(!PortAllocator.isHeld(held.port))
        #expect(!LibvirtDriver.lostItsPort(error, port: held.port))
        #expect(!LibvirtDriver.lostItsPort(VMError(.noFreePort, "none"), port: held.port), "not libvirt's failure")
    }
}
