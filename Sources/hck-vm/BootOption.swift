import ArgumentParser
import Runner

/// `--boot restore|cold` on `hck run`, `hck runner` and `hck up`.
struct BootOption: ParsableArguments {
    @Option(
        name: .customLong("boot"),
        help: ArgumentHelp(
            "How job VMs come up: restore (from the image's saved state on this host, made on first use; a cold boot when that fails) or cold (boot every time).",
            valueName: "restore|cold"
        ),
        transform: BootOption.mode
    )
    var mode: BootMode = .restore

    private static func mode(_ text: String) throws -> BootMode {
        guard let mode = BootMode(rawValue: text) else {
            throw ValidationError("--boot is restore or cold, not '\(text)'")
        }
        return mode
    }
}
