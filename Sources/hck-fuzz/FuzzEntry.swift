import Foundation

/// One input from libFuzzer through ``FuzzInput/check(_:)``.
func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzInput.check(data)
    return 0
}

#if HCK_LIBFUZZER
    /// The callback libFuzzer's own `main` names (linked in by `-sanitize=fuzzer`, though
    /// ``FuzzMain`` runs the driver itself, since SwiftPM points `main` at the module's entry).
    @_cdecl("LLVMFuzzerTestOneInput")
    func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        fuzzOneInput(bytes, count)
    }

    /// libFuzzer's driver (compiler-rt's `LLVMFuzzerRunDriver`): parses libFuzzer's flags and fuzzes
    /// `callback` until a finding or a limit.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif
