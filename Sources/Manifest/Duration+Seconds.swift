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
}
