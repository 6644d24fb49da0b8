import Manifest

/// The phases of a long suite with their timings, printed as each ends (`NAME: PHASE: 12.3 s (at
/// 45.6 s)`), so that a slow CI run says where its time went.
package struct SuitePhases {
    private let name: String
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lapStart: ContinuousClock.Instant
    /// The phases so far with their durations, for a failure message.
    package private(set) var laps: [(phase: String, duration: Duration)] = []

    package init(_ name: String) {
        self.name = name
        start = clock.now
        lapStart = start
    }

    /// Ends the phase under way, named `phase`, and prints its time.
    package mutating func end(_ phase: String) {
        let now = clock.now
        laps.append((phase, now - lapStart))
        print("\(name): \(phase): \((now - lapStart).secondsText) (at \((now - start).secondsText))")
        lapStart = now
    }

    /// Time since the suite began.
    package var elapsed: Duration { clock.now - start }
}
