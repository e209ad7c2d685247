@testable import Channels
import NIOCore
import Testing

@Suite("TelephoneEvent")
struct TelephoneEventTests {
    private func read(_ bytes: [UInt8]) -> (TelephoneEvent?, ByteBuffer) {
        var buffer = ByteBuffer(bytes: bytes)
        let event = TelephoneEvent.read(from: &buffer)
        return (event, buffer)
    }

    private func written(_ event: TelephoneEvent) -> [UInt8] {
        var buffer = ByteBuffer()
        event.write(to: &buffer)
        return Array(buffer.readableBytesView)
    }

    @Test func readsTheRFC4733Layout() throws {
        // Digit 5, E set, volume 10, duration 800.
        let (event, rest) = read([0x05, 0x8A, 0x03, 0x20])
        let parsed = try #require(event)
        #expect(parsed.event == 5)
        #expect(parsed.digit == "5")
        #expect(parsed.isEnd)
        #expect(!parsed.reserved)
        #expect(parsed.volume == 10)
        #expect(parsed.duration == 800)
        #expect(rest.readableBytes == 0)
    }

    @Test func readsTheReservedBitWithoutTakingItForEnd() throws {
        // '#', R set, E clear, volume 63, duration 160.
        let parsed = try #require(read([0x0B, 0x7F, 0x00, 0xA0]).0)
        #expect(parsed.digit == "#")
        #expect(parsed.reserved)
        #expect(!parsed.isEnd)
        #expect(parsed.volume == 63)
        #expect(parsed.duration == 160)
    }

    @Test func readsTheLargestDuration() throws {
        let parsed = try #require(read([0x0D, 0x00, 0xFF, 0xFF]).0)
        #expect(parsed.digit == "B")
        #expect(parsed.duration == 65535)
        #expect(parsed.volume == 0)
    }

    @Test func writesTheRFC4733Layout() {
        #expect(written(TelephoneEvent(event: 11, isEnd: true, volume: 10, duration: 800)) == [0x0B, 0x8A, 0x03, 0x20])
        #expect(written(TelephoneEvent(event: 0, volume: 0, duration: 0)) == [0x00, 0x00, 0x00, 0x00])
        #expect(written(TelephoneEvent(event: 15, isEnd: false, volume: 63, duration: 0xFFFF)) == [0x0F, 0x3F, 0xFF, 0xFF])
    }

    @Test func writingClearsTheReservedBit() {
        #expect(written(TelephoneEvent(event: 1, isEnd: true, reserved: true, volume: 10, duration: 160)) == [0x01, 0x8A, 0x00, 0xA0])
    }

    @Test func volumeAboveSixBitsIsWrittenAsTheQuietestLevel() {
        #expect(written(TelephoneEvent(event: 2, volume: 64, duration: 1)) == [0x02, 0x3F, 0x00, 0x01])
        #expect(written(TelephoneEvent(event: 2, volume: 0xFF, duration: 1)) == [0x02, 0x3F, 0x00, 0x01])
    }

    @Test(arguments: [
        TelephoneEvent(event: 0, volume: 0, duration: 0),
        TelephoneEvent(event: 10, isEnd: true, volume: 10, duration: 1600),
        TelephoneEvent(event: 16, volume: 37, duration: 0x8001),
        TelephoneEvent(event: 255, isEnd: true, volume: 63, duration: 0xFFFF),
    ])
    func writeThenReadRoundTrip(_ event: TelephoneEvent) throws {
        var buffer = ByteBuffer()
        event.write(to: &buffer)
        #expect(buffer.readableBytes == TelephoneEvent.size)
        #expect(TelephoneEvent.read(from: &buffer) == event)
    }

    @Test func bytesAfterThePayloadAreLeftUnread() throws {
        let (event, rest) = read([0x03, 0x0A, 0x00, 0x50, 0xAA, 0xBB])
        #expect(try #require(event).digit == "3")
        #expect(Array(rest.readableBytesView) == [0xAA, 0xBB])
    }

    @Test(arguments: [[UInt8](), [0x05], [0x05, 0x8A], [0x05, 0x8A, 0x03]])
    func shortPayloadsAreRefusedAndLeftUnread(_ bytes: [UInt8]) {
        let (event, rest) = read(bytes)
        #expect(event == nil)
        #expect(Array(rest.readableBytesView) == bytes)
    }

    @Test func everyDTMFCodeMapsToItsDigitAndBack() {
        // RFC 4733 §3.2, table 1.
        let table: [(UInt8, Character)] = [
            (0, "0"), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5"), (6, "6"), (7, "7"), (8, "8"), (9, "9"),
            (10, "*"), (11, "#"), (12, "A"), (13, "B"), (14, "C"), (15, "D"),
        ]
        for (code, digit) in table {
            #expect(TelephoneEvent.digit(forEventCode: code) == digit)
            #expect(TelephoneEvent.eventCode(for: digit) == code)
            #expect(TelephoneEvent(digit: digit, duration: 0)?.event == code)
        }
    }

    @Test func lowerCaseLettersMapToTheirUpperCaseEvents() {
        #expect(TelephoneEvent.eventCode(for: "a") == 12)
        #expect(TelephoneEvent.eventCode(for: "b") == 13)
        #expect(TelephoneEvent.eventCode(for: "c") == 14)
        #expect(TelephoneEvent.eventCode(for: "d") == 15)
        #expect(TelephoneEvent(digit: "d", duration: 0)?.digit == "D")
    }

    @Test(arguments: ["E", "e", "!", "x", " ", "\u{0665}", "é"] as [Character])
    func otherCharactersAreNotDigits(_ character: Character) {
        #expect(TelephoneEvent.eventCode(for: character) == nil)
        #expect(TelephoneEvent(digit: character, duration: 0) == nil)
    }

    @Test(arguments: [UInt8(16), 32, 127, 255])
    func codesAboveFifteenAreNotDigits(_ code: UInt8) {
        #expect(TelephoneEvent.digit(forEventCode: code) == nil)
        #expect(TelephoneEvent(event: code, duration: 0).digit == nil)
    }

    @Test func digitInitialiserSetsTheOtherFields() throws {
        let event = try #require(TelephoneEvent(digit: "*", isEnd: true, volume: 12, duration: 480))
        #expect(written(event) == [0x0A, 0x8C, 0x01, 0xE0])
    }
}
