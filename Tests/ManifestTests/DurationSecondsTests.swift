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

    @Test func showsASpanInItsTwoLargestUnits() {
        #expect(Duration.seconds(2694.356013157).spanText == "44 min 54 s")
        #expect(Duration.seconds(7500).spanText == "2 h 5 min")
        #expect(Duration.seconds(3600).spanText == "1 h")
        #expect(Duration.seconds(120).spanText == "2 min")
        #expect(Duration.milliseconds(14_600).spanText == "15 s")
        #expect(Duration.zero.spanText == "0 s")
    }
}
