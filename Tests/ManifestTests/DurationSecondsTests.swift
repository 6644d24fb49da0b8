import Manifest
import Testing

/// How measured times read in logs and progress lines.
@Suite struct DurationSecondsTests {
    @Test func showsTenthsOfASecond() {
        #expect(Duration.seconds(28.778299446000002).secondsText == "28.8 s")
        #expect(Duration.milliseconds(40).secondsText == "0.0 s")
        #expect(Duration.milliseconds(50).secondsText == "0.1 s")
        #expect(Duration.seconds(1532).secondsText == "1532.0 s")
        #expect(Duration.milliseconds(1500).inSeconds == 1.5)
    }
}
