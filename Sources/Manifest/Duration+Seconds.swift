extension Duration {
    /// The duration in seconds, with its fraction (what Foundation's time intervals count).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// `12.3 s`: how logs and progress lines show a measured time.
    public var secondsText: String {
        let tenths = (inSeconds * 10).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) s"
    }

    /// `44 min 54 s`, `2 h 5 min`, `15 s`: how long something will last, in whole seconds, in
    /// the two largest units it has (a keep-alive's time, where `2694.356013157 seconds` was shown).
    public var spanText: String {
        let total = max(0, Int(inSeconds.rounded()))
        let (hours, minutes, seconds) = (total / 3600, total % 3600 / 60, total % 60)
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        if minutes > 0 { return seconds > 0 ? "\(minutes) min \(seconds) s" : "\(minutes) min" }
        return "\(seconds) s"
    }
}
