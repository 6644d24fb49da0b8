import ArgumentParser

/// How big a job's VM is: `--memory` and `--cpus`, as `hck run`, `hck runner`, `hck up` and
/// `hck image save-state` take them (a saved state is made for one size).
struct VMSizeOptions: ParsableArguments {
    @Option(help: "Guest memory in MiB.")
    var memory = 2048

    @Option(help: "Guest vCPUs.")
    var cpus = 2

    func validate() throws {
        guard memory >= 256 else { throw ValidationError("--memory \(memory): a guest needs at least 256 MiB") }
        guard cpus >= 1 else { throw ValidationError("--cpus \(cpus): a guest needs at least one vCPU") }
    }
}
