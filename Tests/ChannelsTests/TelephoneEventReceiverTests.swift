@testable import Channels
import NIOCore
import PBXCore
import Testing

@Suite("TelephoneEventReceiver")
struct TelephoneEventReceiverTests {
    /// A DTMF frame in a comparable form.
    enum Seen: Equatable {
        case begin(Character)
        case end(Character, Duration)
        case other
    }

    private static let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private static let ssrc: UInt32 = 0x1234_5678

    /// Feeds packets built from readable parts to `receiver`, each arriving
    /// `spacing` after the previous one, and collects what comes out.
    private struct Feeder {
        var receiver = TelephoneEventReceiver()
        var now = TelephoneEventReceiverTests.start
        var ssrc = TelephoneEventReceiverTests.ssrc

        mutating func packet(seq: UInt16, ts: UInt32, event: UInt8, end: Bool = false, duration: UInt16,
                             marker: Bool = false, after spacing: TimeAmount = .milliseconds(20)) -> [Seen] {
            now = now + spacing
            let header = RTPHeader(marker: marker, payloadType: 101, sequenceNumber: seq, timestamp: ts, ssrc: ssrc)
            // Through the wire format, as the session will see it.
            var bytes = ByteBuffer(bytes: [event, (end ? 0x80 : 0) | 10, UInt8(duration >> 8), UInt8(duration & 0xFF)])
            guard let payload = TelephoneEvent.read(from: &bytes) else { return [.other] }
            return receiver.receive(header, payload, at: now).map(TelephoneEventReceiverTests.seen)
        }
    }

    static func seen(_ frame: Frame) -> Seen {
        switch frame {
        case .dtmfBegin(let digit): .begin(digit)
        case .dtmfEnd(let digit, let duration): .end(digit, duration)
        default: .other
        }
    }

    @Test func wholeEventGivesOneBeginAndOneEnd() {
        var feed = Feeder()
        #expect(feed.packet(seq: 100, ts: 8000, event: 5, duration: 0, marker: true) == [.begin("5")])
        #expect(feed.receiver.activeDigit == "5")
        #expect(feed.packet(seq: 101, ts: 8000, event: 5, duration: 160) == [])
        #expect(feed.packet(seq: 102, ts: 8000, event: 5, duration: 320) == [])
        #expect(feed.packet(seq: 103, ts: 8000, event: 5, duration: 480) == [])
        #expect(feed.packet(seq: 104, ts: 8000, event: 5, end: true, duration: 800) == [.end("5", .milliseconds(100))])
        #expect(feed.receiver.activeDigit == nil)
        // The two repetitions of the end packet.
        #expect(feed.packet(seq: 105, ts: 8000, event: 5, end: true, duration: 800) == [])
        #expect(feed.packet(seq: 106, ts: 8000, event: 5, end: true, duration: 800) == [])
    }

    @Test func lostStartStillBeginsTheDigit() {
        var feed = Feeder()
        // The marker packet and the first update never came.
        #expect(feed.packet(seq: 12, ts: 16000, event: 11, duration: 480) == [.begin("#")])
        #expect(feed.packet(seq: 13, ts: 16000, event: 11, duration: 640) == [])
        #expect(feed.packet(seq: 14, ts: 16000, event: 11, end: true, duration: 960) == [.end("#", .milliseconds(120))])
    }

    @Test func onlyTheEndPacketsArriving() {
        var feed = Feeder()
        #expect(feed.packet(seq: 7, ts: 320, event: 12, end: true, duration: 1280)
            == [.begin("A"), .end("A", .milliseconds(160))])
        #expect(feed.packet(seq: 8, ts: 320, event: 12, end: true, duration: 1280) == [])
        #expect(feed.receiver.activeDigit == nil)
    }

    @Test func lostEndIsEndedByTheNextEvent() {
        var feed = Feeder()
        #expect(feed.packet(seq: 1, ts: 1000, event: 1, duration: 0, marker: true) == [.begin("1")])
        #expect(feed.packet(seq: 2, ts: 1000, event: 1, duration: 160) == [])
        #expect(feed.packet(seq: 3, ts: 1000, event: 1, duration: 320) == [])
        // All three end packets of '1' lost; '2' starts 40 packets later.
        #expect(feed.packet(seq: 43, ts: 7400, event: 2, duration: 0, marker: true)
            == [.end("1", .milliseconds(40)), .begin("2")])
        #expect(feed.packet(seq: 44, ts: 7400, event: 2, end: true, duration: 400) == [.end("2", .milliseconds(50))])
    }

    @Test func lostEndAndLostStartTogether() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 1000, event: 3, duration: 160)
        // The next event is only seen by its end packets.
        #expect(feed.packet(seq: 30, ts: 9000, event: 4, end: true, duration: 800)
            == [.end("3", .milliseconds(20)), .begin("4"), .end("4", .milliseconds(100))])
    }

    @Test func timeoutEndsAnEventWhoseEndNeverCame() {
        var feed = Feeder(receiver: TelephoneEventReceiver(timeout: .milliseconds(500)))
        #expect(feed.receiver.deadline == nil)
        _ = feed.packet(seq: 1, ts: 1000, event: 9, duration: 0, marker: true)
        _ = feed.packet(seq: 2, ts: 1000, event: 9, duration: 160)
        let lastPacket = feed.now
        #expect(feed.receiver.deadline == lastPacket + .milliseconds(500))
        #expect(feed.receiver.expire(at: lastPacket + .milliseconds(499)) == nil)
        let end = feed.receiver.expire(at: lastPacket + .milliseconds(500)).map(Self.seen)
        #expect(end == .end("9", .milliseconds(20)))
        #expect(feed.receiver.deadline == nil)
        #expect(feed.receiver.expire(at: lastPacket + .seconds(5)) == nil)
        // A straggler of the timed-out event does not start it again.
        #expect(feed.packet(seq: 3, ts: 1000, event: 9, end: true, duration: 800, after: .seconds(1)) == [])
    }

    @Test func eachPacketPushesTheTimeoutBack() {
        var feed = Feeder(receiver: TelephoneEventReceiver(timeout: .milliseconds(100)))
        _ = feed.packet(seq: 1, ts: 0, event: 0, duration: 0, marker: true)
        _ = feed.packet(seq: 2, ts: 0, event: 0, duration: 400, after: .milliseconds(90))
        #expect(feed.receiver.expire(at: feed.now + .milliseconds(50)) == nil)
        #expect(feed.receiver.expire(at: feed.now + .milliseconds(100)).map(Self.seen) == .end("0", .milliseconds(50)))
    }

    @Test func finishEndsTheEventUnderWayOnce() {
        var receiver = TelephoneEventReceiver()
        #expect(receiver.finish() == nil)
        let header = RTPHeader(marker: true, payloadType: 101, sequenceNumber: 9, timestamp: 77, ssrc: Self.ssrc)
        _ = receiver.receive(header, TelephoneEvent(event: 14, duration: 240), at: Self.start)
        #expect(receiver.finish().map(Self.seen) == .end("C", .milliseconds(30)))
        #expect(receiver.finish() == nil)
    }

    @Test func duplicatedPacketsCountOnce() {
        var feed = Feeder()
        #expect(feed.packet(seq: 50, ts: 400, event: 6, duration: 0, marker: true) == [.begin("6")])
        #expect(feed.packet(seq: 50, ts: 400, event: 6, duration: 0, marker: true) == [])
        #expect(feed.packet(seq: 51, ts: 400, event: 6, end: true, duration: 480) == [.end("6", .milliseconds(60))])
        #expect(feed.packet(seq: 51, ts: 400, event: 6, end: true, duration: 480) == [])
        // The next digit, also a duplicated start.
        #expect(feed.packet(seq: 90, ts: 6000, event: 6, duration: 0, marker: true) == [.begin("6")])
        #expect(feed.packet(seq: 90, ts: 6000, event: 6, duration: 0, marker: true) == [])
    }

    @Test func updateOvertakingTheStartBeginsOnce() {
        var feed = Feeder()
        #expect(feed.packet(seq: 21, ts: 800, event: 8, duration: 160) == [.begin("8")])
        #expect(feed.packet(seq: 20, ts: 800, event: 8, duration: 0, marker: true) == [])
        #expect(feed.packet(seq: 22, ts: 800, event: 8, end: true, duration: 640) == [.end("8", .milliseconds(80))])
    }

    @Test func endOvertakingAnUpdateEndsOnceWithTheEndDuration() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 800, event: 13, duration: 0, marker: true)
        #expect(feed.packet(seq: 3, ts: 800, event: 13, end: true, duration: 480) == [.end("B", .milliseconds(60))])
        #expect(feed.packet(seq: 2, ts: 800, event: 13, duration: 320) == [])
        #expect(feed.packet(seq: 4, ts: 800, event: 13, end: true, duration: 480) == [])
    }

    @Test func lateEndOfAReplacedEventDoesNotComeBack() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 1000, event: 1, duration: 0, marker: true)
        _ = feed.packet(seq: 2, ts: 1000, event: 1, duration: 160)
        // '1''s end packets are held up behind the start of '2'.
        #expect(feed.packet(seq: 10, ts: 3000, event: 2, duration: 0, marker: true)
            == [.end("1", .milliseconds(20)), .begin("2")])
        #expect(feed.packet(seq: 3, ts: 1000, event: 1, end: true, duration: 480) == [])
        #expect(feed.packet(seq: 4, ts: 1000, event: 1, end: true, duration: 480) == [])
        #expect(feed.receiver.activeDigit == "2")
        #expect(feed.packet(seq: 11, ts: 3000, event: 2, end: true, duration: 400) == [.end("2", .milliseconds(50))])
    }

    @Test func packetsFarBehindTheNewestAreDropped() {
        var feed = Feeder()
        _ = feed.packet(seq: 1000, ts: 5000, event: 4, end: true, duration: 400)
        // 64 behind, with a timestamp never seen: too old to judge.
        #expect(feed.packet(seq: 936, ts: 100, event: 7, duration: 0, marker: true) == [])
        #expect(feed.packet(seq: 970, ts: 100, event: 7, duration: 0, marker: true) == [])
    }

    @Test func sequenceNumbersWrapAround() {
        var feed = Feeder()
        #expect(feed.packet(seq: 65534, ts: 100, event: 15, duration: 0, marker: true) == [.begin("D")])
        #expect(feed.packet(seq: 65535, ts: 100, event: 15, duration: 160) == [])
        #expect(feed.packet(seq: 1, ts: 100, event: 15, end: true, duration: 480) == [.end("D", .milliseconds(60))])
        // 0 arrives late, after the wrap.
        #expect(feed.packet(seq: 0, ts: 100, event: 15, duration: 320) == [])
        #expect(feed.packet(seq: 2, ts: 100, event: 15, end: true, duration: 480) == [])
        #expect(feed.packet(seq: 60, ts: 5000, event: 0, duration: 0, marker: true) == [.begin("0")])
    }

    @Test func timestampsWrapAround() {
        var feed = Feeder()
        #expect(feed.packet(seq: 1, ts: UInt32.max - 100, event: 3, end: true, duration: 400)
            == [.begin("3"), .end("3", .milliseconds(50))])
        #expect(feed.packet(seq: 30, ts: 4000, event: 3, end: true, duration: 400)
            == [.begin("3"), .end("3", .milliseconds(50))])
    }

    @Test func sameDigitTwiceIsTwoDigits() {
        var feed = Feeder()
        var seen: [Seen] = []
        for (base, ts) in [(UInt16(10), UInt32(1600)), (40, 8000)] {
            seen += feed.packet(seq: base, ts: ts, event: 5, duration: 0, marker: true)
            seen += feed.packet(seq: base + 1, ts: ts, event: 5, duration: 160)
            for repetition in 0..<3 {
                seen += feed.packet(seq: base + 2 + UInt16(repetition), ts: ts, event: 5, end: true, duration: 320)
            }
        }
        #expect(seen == [.begin("5"), .end("5", .milliseconds(40)), .begin("5"), .end("5", .milliseconds(40))])
    }

    @Test func longQuietGapForgetsOldSequenceNumbers() {
        var feed = Feeder()
        _ = feed.packet(seq: 5000, ts: 1000, event: 1, end: true, duration: 400)
        // Twenty minutes of audio later the 16-bit sequence has wrapped to
        // just below where it was.
        #expect(feed.packet(seq: 4990, ts: 9_601_000, event: 2, duration: 0, marker: true, after: .seconds(1200))
            == [.begin("2")])
        #expect(feed.packet(seq: 4991, ts: 9_601_000, event: 2, end: true, duration: 400) == [.end("2", .milliseconds(50))])
    }

    @Test func newSourceEndsTheOldEventAndStartsAfresh() {
        var feed = Feeder()
        _ = feed.packet(seq: 30000, ts: 1000, event: 1, duration: 160, marker: true)
        feed.ssrc = 0xCAFE_F00D
        // Lower sequence number and timestamp: a new source, not a late packet.
        #expect(feed.packet(seq: 5, ts: 50, event: 2, duration: 0, marker: true) == [.end("1", .milliseconds(20)), .begin("2")])
        #expect(feed.packet(seq: 6, ts: 50, event: 2, end: true, duration: 160) == [.end("2", .milliseconds(20))])
    }

    @Test func nonDTMFEventsGiveNoFramesButEndTheDigitBefore() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 1000, event: 7, duration: 160, marker: true)
        // Event 16 (flash) follows without an end for '7'.
        #expect(feed.packet(seq: 2, ts: 2000, event: 16, duration: 0, marker: true) == [.end("7", .milliseconds(20))])
        #expect(feed.packet(seq: 3, ts: 2000, event: 16, end: true, duration: 800) == [])
        #expect(feed.receiver.activeDigit == nil)
        #expect(feed.receiver.finish() == nil)
    }

    @Test func packetOfAnotherEventUnderTheSameTimestampIsIgnored() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 1000, event: 7, duration: 0, marker: true)
        #expect(feed.packet(seq: 2, ts: 1000, event: 8, end: true, duration: 160) == [])
        #expect(feed.receiver.activeDigit == "7")
    }

    @Test func otherClockRatesGiveTheRightTime() {
        var feed = Feeder(receiver: TelephoneEventReceiver(clockRate: 48000))
        _ = feed.packet(seq: 1, ts: 0, event: 10, duration: 0, marker: true)
        #expect(feed.packet(seq: 2, ts: 0, event: 10, end: true, duration: 4800) == [.end("*", .milliseconds(100))])
    }

    @Test func segmentedLongEventIsOneDigit() {
        var feed = Feeder()
        #expect(feed.packet(seq: 1, ts: 1000, event: 9, duration: 0, marker: true) == [.begin("9")])
        #expect(feed.packet(seq: 2, ts: 1000, event: 9, duration: 65535) == [])
        // Next segment: timestamp advanced by 0xFFFF, no marker.
        #expect(feed.packet(seq: 3, ts: 1000 + 65535, event: 9, duration: 465) == [])
        #expect(feed.receiver.activeDigit == "9")
        #expect(feed.packet(seq: 4, ts: 1000 + 65535, event: 9, end: true, duration: 14465)
            == [.end("9", .seconds(10))])
    }

    @Test func markerOnAFollowingTimestampIsANewDigitNotASegment() {
        var feed = Feeder()
        _ = feed.packet(seq: 1, ts: 1000, event: 9, duration: 65535, marker: true)
        #expect(feed.packet(seq: 2, ts: 1000 + 65535, event: 9, duration: 0, marker: true)
            == [.end("9", .nanoseconds(Int64(65535) * 125_000)), .begin("9")])
    }

    /// Sends the sender's packets for `digit` through a receiver, with RTP
    /// headers as a session would stamp them.
    private func roundTrip(_ sender: TelephoneEventSender, digit: Character, duration: Duration,
                           firstSequence: UInt16 = 65530, firstTimestamp: UInt32 = UInt32.max - 100) throws -> [Seen] {
        let packets = try #require(sender.packets(digit: digit, duration: duration))
        var receiver = TelephoneEventReceiver(clockRate: sender.clockRate)
        var seen: [Seen] = []
        for (index, packet) in packets.enumerated() {
            let header = RTPHeader(marker: packet.marker, payloadType: 101,
                                   sequenceNumber: firstSequence &+ UInt16(index),
                                   timestamp: firstTimestamp &+ packet.timestampOffset, ssrc: Self.ssrc)
            var wire = ByteBuffer()
            packet.payload.write(to: &wire)
            let payload = try #require(TelephoneEvent.read(from: &wire))
            let arrival = Self.start + TimeAmount.nanoseconds(Int64(packet.sendOffset.components.seconds) * 1_000_000_000
                + packet.sendOffset.components.attoseconds / 1_000_000_000)
            seen += receiver.receive(header, payload, at: arrival).map(Self.seen)
        }
        #expect(receiver.activeDigit == nil)
        return seen
    }

    @Test(arguments: [Duration.milliseconds(40), .milliseconds(90), .milliseconds(100), .milliseconds(250), .seconds(2)])
    func senderToReceiverGivesOneBeginAndOneEnd(_ duration: Duration) throws {
        for digit in "0123456789*#ABCD" {
            #expect(try roundTrip(TelephoneEventSender(), digit: digit, duration: duration) == [.begin(digit), .end(digit, duration)])
        }
    }

    @Test(arguments: [(8000, 20), (8000, 30), (8000, 60), (16000, 20), (48000, 10), (48000, 20)])
    func roundTripAtOtherRatesAndPtimes(_ clockRate: Int, _ ptime: Int) throws {
        let sender = TelephoneEventSender(clockRate: clockRate, ptime: .milliseconds(ptime))
        #expect(try roundTrip(sender, digit: "#", duration: .milliseconds(170)) == [.begin("#"), .end("#", .milliseconds(170))])
    }

    @Test(arguments: [Duration.seconds(9), .seconds(10)])
    func longDigitRoundTripsAcrossSegments(_ duration: Duration) throws {
        #expect(try roundTrip(TelephoneEventSender(), digit: "4", duration: duration) == [.begin("4"), .end("4", duration)])
        // At 48 kHz a 9 s digit spans seven segments.
        let wideband = TelephoneEventSender(clockRate: 48000)
        #expect(try roundTrip(wideband, digit: "4", duration: duration) == [.begin("4"), .end("4", duration)])
    }

    @Test func roundTripSurvivesLosingTheStartAndTwoEnds() throws {
        let packets = try #require(TelephoneEventSender().packets(digit: "B", duration: .milliseconds(200)))
        var receiver = TelephoneEventReceiver()
        var seen: [Seen] = []
        for (index, packet) in packets.enumerated() where index != 0 && index < packets.count - 2 {
            let header = RTPHeader(marker: packet.marker, payloadType: 101, sequenceNumber: UInt16(index),
                                   timestamp: 4000, ssrc: Self.ssrc)
            seen += receiver.receive(header, packet.payload, at: Self.start).map(Self.seen)
        }
        #expect(seen == [.begin("B"), .end("B", .milliseconds(200))])
    }
}
