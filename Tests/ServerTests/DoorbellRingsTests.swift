import Client
import HckCore
import Server
import Store
import TestSupport
import Testing
import Wire

/// What servers sharing a database pass to each other: the doorbell's own rings as text, and rings
/// heard from elsewhere that wake waiters without being passed back.
@Suite struct DoorbellRingsTests {
    @Test(arguments: [QueueEvent.queued, .cancel(12), .progress(4_100_000_000), .changed(7)])
    func eventsSurviveTheirText(event: QueueEvent) {
        #expect(QueueEvent(text: event.text) == event)
    }

    @Test(arguments: ["", "queued 1", "cancel", "cancel x", "progress 1 2", "ring"])
    func otherTextIsNoEvent(text: String) {
        #expect(QueueEvent(text: text) == nil)
    }

    @Test func ringsFromElsewhereWakeButAreNotPassedBack() async {
        let doorbell = Doorbell<QueueEvent>()
        let rings = await doorbell.rings()
        let seen = await doorbell.generation(of: .queued)
        await doorbell.ringFromElsewhere(.queued)
        #expect(await doorbell.wait(for: .queued, after: seen, timeout: .seconds(5)), "a waiter is woken")
        await doorbell.ring(.cancel(3))
        var iterator = rings.makeAsyncIterator()
        #expect(await iterator.next() == .cancel(3), "only the local ring is passed on")
    }
}
