@testable import Channels
import NIOCore
import Testing

@Suite("TelephoneEventSender")
struct TelephoneEventSenderTests {
    /// One planned packet as (marker, timestamp offset, send offset in ms, payload bytes).
    private struct Wire: Equatable, CustomStringConvertible {
        var marker: Bool
        var timestampOffset: UInt32
        var sentAtMilliseconds: Int64
        var bytes: [UInt8]

        init(_ marker: Bool, _ timestampOffset: UInt32, _ sentAtMilliseconds: Int64, _ bytes: [UInt8]) {
            self.marker = marker
            self.timestampOffset = timestampOffset
            self.sentAtMilliseconds = sentAtMilliseconds
            self.bytes = bytes
        }

        init(_ packet: TelephoneEventSender.Packet) {
            var buffer = ByteBuffer()
            packet.payload.write(to: &buffer)
            let (seconds, attoseconds) = packet.sendOffset.components
            self.init(packet.marker, packet.timestampOffset, seconds * 1000 + attoseconds / 1_000_000_000_000_000,
                      Array(buffer.readableBytesView))
        }

        var description: String { "(\(marker), \(timestampOffset), \(sentAtMilliseconds) ms, \(bytes))" }
    }

    private func wire(_ sender: TelephoneEventSender, _ digit: Character, _ duration: Duration) throws -> [Wire] {
        try #require(sender.packets(digit: digit, duration: duration)).map(Wire.init)
    }

    @Test func hundredMillisecondsAtTwentyMillisecondPtime() throws {
        // Digit 5 (0x05), volume 10: start with marker, updates every 160
        // units, then three ends at 800 units with E (0x8A).
        let expected = [
            Wire(true, 0, 0, [0x05, 0x0A, 0x00, 0x00]),
            Wire(false, 0, 20, [0x05, 0x0A, 0x00, 0xA0]),
            Wire(false, 0, 40, [0x05, 0x0A, 0x01, 0x40]),
            Wire(false, 0, 60, [0x05, 0x0A, 0x01, 0xE0]),
            Wire(false, 0, 80, [0x05, 0x0A, 0x02, 0x80]),
            Wire(false, 0, 100, [0x05, 0x8A, 0x03, 0x20]),
            Wire(false, 0, 120, [0x05, 0x8A, 0x03, 0x20]),
            Wire(false, 0, 140, [0x05, 0x8A, 0x03, 0x20]),
        ]
        #expect(try wire(TelephoneEventSender(), "5", .milliseconds(100)) == expected)
    }

    @Test func longPtimeIsCappedAtFiftyMilliseconds() throws {
        let sender = TelephoneEventSender(clockRate: 8000, ptime: .milliseconds(60))
        #expect(sender.interval == .milliseconds(50))
        let expected = [
            Wire(true, 0, 0, [0x0B, 0x0A, 0x00, 0x00]),
            Wire(false, 0, 50, [0x0B, 0x0A, 0x01, 0x90]),
            Wire(false, 0, 100, [0x0B, 0x0A, 0x03, 0x20]),
            Wire(false, 0, 150, [0x0B, 0x0A, 0x04, 0xB0]),
            Wire(false, 0, 200, [0x0B, 0x8A, 0x06, 0x40]),
            Wire(false, 0, 250, [0x0B, 0x8A, 0x06, 0x40]),
            Wire(false, 0, 300, [0x0B, 0x8A, 0x06, 0x40]),
        ]
        #expect(try wire(sender, "#", .milliseconds(200)) == expected)
    }

    @Test func shorterPtimeIsKept() {
        #expect(TelephoneEventSender(ptime: .milliseconds(30)).interval == .milliseconds(30))
        #expect(TelephoneEventSender(ptime: .milliseconds(10)).interval == .milliseconds(10))
    }

    @Test func durationOffTheGridEndsWhenTheToneEnds() throws {
        // 90 ms = 720 units: updates up to 80 ms, the ends from 90 ms.
        let expected = [
            Wire(true, 0, 0, [0x0A, 0x0A, 0x00, 0x00]),
            Wire(false, 0, 20, [0x0A, 0x0A, 0x00, 0xA0]),
            Wire(false, 0, 40, [0x0A, 0x0A, 0x01, 0x40]),
            Wire(false, 0, 60, [0x0A, 0x0A, 0x01, 0xE0]),
            Wire(false, 0, 80, [0x0A, 0x0A, 0x02, 0x80]),
            Wire(false, 0, 90, [0x0A, 0x8A, 0x02, 0xD0]),
            Wire(false, 0, 110, [0x0A, 0x8A, 0x02, 0xD0]),
            Wire(false, 0, 130, [0x0A, 0x8A, 0x02, 0xD0]),
        ]
        #expect(try wire(TelephoneEventSender(), "*", .milliseconds(90)) == expected)
    }

    @Test(arguments: [Duration.zero, .milliseconds(-5), .milliseconds(10), .milliseconds(40)])
    func shortDigitsAreSentForTheMinimumDuration(_ duration: Duration) throws {
        // 40 ms = 320 units (0x0140).
        let expected = [
            Wire(true, 0, 0, [0x01, 0x0A, 0x00, 0x00]),
            Wire(false, 0, 20, [0x01, 0x0A, 0x00, 0xA0]),
            Wire(false, 0, 40, [0x01, 0x8A, 0x01, 0x40]),
            Wire(false, 0, 60, [0x01, 0x8A, 0x01, 0x40]),
            Wire(false, 0, 80, [0x01, 0x8A, 0x01, 0x40]),
        ]
        #expect(try wire(TelephoneEventSender(), "1", duration) == expected)
    }

    @Test func otherClockRatesScaleTheDuration() throws {
        // 16 kHz: 20 ms = 320 units; 60 ms = 960 (0x03C0).
        let expected = [
            Wire(true, 0, 0, [0x0C, 0x0A, 0x00, 0x00]),
            Wire(false, 0, 20, [0x0C, 0x0A, 0x01, 0x40]),
            Wire(false, 0, 40, [0x0C, 0x0A, 0x02, 0x80]),
            Wire(false, 0, 60, [0x0C, 0x8A, 0x03, 0xC0]),
            Wire(false, 0, 80, [0x0C, 0x8A, 0x03, 0xC0]),
            Wire(false, 0, 100, [0x0C, 0x8A, 0x03, 0xC0]),
        ]
        #expect(try wire(TelephoneEventSender(clockRate: 16000), "a", .milliseconds(60)) == expected)
    }

    @Test func volumeIsWrittenIntoEveryPacket() throws {
        let packets = try #require(TelephoneEventSender(volume: 20).packets(digit: "9", duration: .milliseconds(100)))
        #expect(packets.allSatisfy { $0.payload.volume == 20 })
        #expect(TelephoneEventSender(volume: 99).volume == 63)
    }

    @Test func shapeOfTheTrainHoldsForEveryDigit() throws {
        for digit in "0123456789*#ABCD" {
            let packets = try #require(TelephoneEventSender().packets(digit: digit, duration: .milliseconds(250)))
            #expect(packets.first?.marker == true)
            #expect(packets.dropFirst().allSatisfy { !$0.marker })
            #expect(packets.allSatisfy { $0.timestampOffset == 0 && $0.payload.digit == digit && $0.payload.volume == 10 })
            #expect(packets.suffix(3).allSatisfy { $0.payload.isEnd && $0.payload.duration == 2000 })
            #expect(packets.dropLast(3).allSatisfy { !$0.payload.isEnd })
            let durations = packets.map(\.payload.duration)
            #expect(durations == durations.sorted())
        }
    }

    @Test(arguments: ["E", "!", "x", " "] as [Character])
    func nonDigitsGiveNoPackets(_ character: Character) {
        #expect(TelephoneEventSender().packets(digit: character, duration: .milliseconds(100)) == nil)
    }

    @Test func longEventIsCutIntoSegments() throws {
        // 9 s = 72000 units: more than 0xFFFF, so the first segment closes
        // at 65535 and the second one starts 65535 units later, no marker.
        let packets = try #require(TelephoneEventSender().packets(digit: "7", duration: .seconds(9)))
        let closing = try #require(packets.firstIndex { $0.payload.duration == 0xFFFF })
        #expect(packets[closing].timestampOffset == 0)
        #expect(!packets[closing].payload.isEnd)
        let next = packets[closing + 1]
        #expect(next.timestampOffset == 65535)
        #expect(!next.marker)
        #expect(next.payload.duration == 65600 - 65535)  // the 410th update, at 8.2 s
        #expect(next.sendOffset == packets[closing].sendOffset)
        #expect(packets.prefix(closing + 1).allSatisfy { $0.timestampOffset == 0 })
        #expect(packets.suffix(from: closing + 1).allSatisfy { $0.timestampOffset == 65535 && !$0.marker })
        #expect(packets.filter(\.marker).count == 1)
        let ends = packets.suffix(3)
        #expect(ends.allSatisfy { $0.payload.isEnd && $0.payload.duration == UInt16(72000 - 65535) })
        #expect(packets.filter(\.payload.isEnd).count == 3)
        let sendTimes = packets.map(\.sendOffset)
        #expect(sendTimes == sendTimes.sorted())
        #expect(ends.first?.sendOffset == .seconds(9))
    }

    @Test func overlongDigitsAreCutToTheMaximum() throws {
        let packets = try #require(TelephoneEventSender().packets(digit: "0", duration: .seconds(3600)))
        let last = try #require(packets.last)
        // 10 s = 80000 units = 65535 + 14465.
        #expect(last.timestampOffset == 65535)
        #expect(last.payload.duration == 14465)
        #expect(packets.suffix(3).first?.sendOffset == TelephoneEventSender.maximumDuration)
    }

    @Test func unusableSettingsFallBackToDefaults() {
        let sender = TelephoneEventSender(clockRate: 0, ptime: .zero)
        #expect(sender.clockRate == 8000)
        #expect(sender.interval == .milliseconds(20))
        #expect(TelephoneEventSender(clockRate: -8000, ptime: .milliseconds(-20)) == sender)
    }
}
