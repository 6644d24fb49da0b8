import BenchSupport
import Foundation
import HckCore
import Images
import Manifest

/// The bench's rounds: in each, the cold form, (in the first only) the untimed warm-up, the
/// restored+warm form and the srht-style run, each printed with the load around it; then the report.
struct JobBench {
    let options: JobBenchOptions
    /// The work folder: a subfolder per form and round, with its log.
    let work: URL

    /// Runs every round and prints the report.
    /// - Throws: ``JobBenchError`` for a missing `hck`, manifest or image, or the first form that failed.
    func run() async throws {
        let hck = JobBenchOptions.hck
        guard FileManager.default.isExecutableFile(atPath: hck) else {
            throw JobBenchError(.setup, "no hck next to this program (\(hck)): build with `swift build -c release`")
        }
        let manifestFile = try JobBenchOptions.helloManifest()
        let text = try String(contentsOf: manifestFile, encoding: .utf8)
        let manifest = try Manifest.parse(text, file: manifestFile.path).manifest
        let image = try ImageStore(root: options.imageRoot).image(name: manifest.image, arch: .amd64)
        let accelerator = ProcessInfo.processInfo.environment["HCK_BENCH_KVM"] == "1" ? "kvm" : "tcg"
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        say("work folder (a subfolder with a log per form and round): \(work.path)")
        say("manifest \(manifestFile.path); image \(image.directory.path); srht-style QEMU -accel \(accelerator)")

        let hckRun = HckRun(hck: hck, manifest: manifestFile, imageRoot: options.imageRoot)
        let srht = SrhtStyleRun(image: image, manifest: manifest, accelerator: accelerator)
        var times: [JobForm: [Duration]] = [:]
        for round in 1...options.rounds {
            var forms: [JobForm] = [.cold, .restoredWarm, .srhtStyle]
            if round == 1 { forms.insert(.warmUp, at: 1) }
            for form in forms {
                let folder = work.appendingPathComponent("\(form)-\(round)")
                let before = LoadAverage.now
                let time: Duration
                var detail: String?
                if form == .srhtStyle {
                    let figures = try await srht.run(in: folder)
                    time = figures.total
                    detail =
                        "ssh ready \(figures.ready.secondsText); "
                        + figures.steps.map { "\($0.name) \($0.time.secondsText)" }.joined(separator: ", ")
                } else {
                    let result = try await hckRun.run(form, in: folder)
                    time = result.time
                    detail = result.boot
                }
                say(
                    "\(form) #\(round)\(form == .warmUp ? " (untimed)" : ""): \(time.secondsText)"
                        + " (load before \(before), after \(LoadAverage.now)); log in \(folder.path)"
                )
                if let detail { say("  \(detail)") }
                if form != .warmUp { times[form, default: []].append(time) }
            }
        }
        JobReport(times: times).print()
    }
}
