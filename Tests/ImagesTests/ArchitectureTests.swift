import Images
import Testing

@Suite struct ArchitectureTests {
    @Test(arguments: [
        ("amd64", Architecture.amd64), ("x86_64", .amd64), ("AMD64", .amd64), ("arm64", .arm64), ("aarch64", .arm64),
    ])
    func readsDebianAndKernelNames(text: String, arch: Architecture) {
        #expect(Architecture(parsing: text) == arch)
    }

    @Test func rejectsOthers() {
        #expect(Architecture(parsing: "riscv64") == nil)
        #expect(Architecture(parsing: "") == nil)
    }

    @Test func namesForQEMU() {
        #expect(Architecture.amd64.machineName == "x86_64")
        #expect(Architecture.arm64.machineName == "aarch64")
    }
}
