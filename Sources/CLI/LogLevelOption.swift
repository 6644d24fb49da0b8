package import ArgumentParser
package import Logging

/// `--log-level`: how much a long-running command (`hck server`) logs. `debug` adds what an
/// operator looks at when something hangs: each service's start, shutdown and end, the store's
/// retries.
package struct LogLevelOption: ParsableArguments {
    @Option(
        name: .customLong("log-level"),
        help: "How much to log: trace, debug, info, notice, warning, error or critical.",
        transform: { text in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ValidationError(
                    "--log-level '\(text)' is no level: write trace, debug, info, notice, warning, error or critical"
                )
            }
            return level
        }
    )
    package var level: Logger.Level = .info

    package init() {}

    /// A logger with this label at the chosen level.
    package func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
