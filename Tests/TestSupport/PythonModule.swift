/// The Python modules the tests use. `make deps` installs them (scripts/python-requirements.txt)
/// for the python3 on PATH; a test never installs anything itself.
package enum PythonModule {
    /// Throws, saying to run `make deps`, when the python3 on PATH cannot import `module`.
    package static func require(_ module: String) async throws {
        let (status, _) = try await ChildProcess.run(["python3", "-c", "import \(module)"])
        guard status == 0 else {
            throw TestSetupError("python3 has no module '\(module)': run `make deps` (scripts/python-requirements.txt)")
        }
    }
}
