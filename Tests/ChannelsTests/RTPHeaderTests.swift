@testable import Channels
import NIOCore
import Testing

@Suite("RTPHeader")
struct RTPHeaderTests {
    private func buffer(_ bytes: [UInt8]) -> ByteBuffer {
        ByteBuffer(bytes: bytes)
    }

    /// The fixed header of RFC 3550 §5.1 for V=2, given first byte, M|PT byte,
    /// sequence 0x1234, timestamp 0x00000A0B, SSRC 0xDEADBEEF.
    private func fixedHeader(first: UInt8 = 0x80, second: UInt8 = 0x00) -> [UInt8] {
        [first, second, 0x12, 0x34, 0x00, 0x00, 0x0A, 0x0B, 0xDE, 0xAD, 0xBE, 0xEF]
    }

    @Test func writesTheRFC3550Layout() {
        let header = RTPHeader(marker: true, payloadType: 8, sequenceNumber: 0x1234, timestamp: 0x0A0B, ssrc: 0xDEAD_BEEF)
        var out = ByteBuffer()
        header.write(to: &out)
        #expect(out.readableBytes == RTPHeader.size)
        #expect(Array(out.readableBytesView) == fixedHeader(second: 0x88))
    }

    @Test func payloadTypeIsKeptToSevenBits() {
        var out = ByteBuffer()
        RTPHeader(payloadType: 0xFF, sequenceNumber: 0, timestamp: 0, ssrc: 0).write(to: &out)
        #expect(out.getInteger(at: 1, as: UInt8.self) == 0x7F)
    }

    @Test(arguments: [
        RTPHeader(marker: false, payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0),
        RTPHeader(marker: true, payloadType: 101, sequenceNumber: 65535, timestamp: 4_294_967_295, ssrc: 0x0102_0304),
        RTPHeader(marker: false, payloadType: 8, sequenceNumber: 4711, timestamp: 160 * 50, ssrc: 0xCAFE_F00D),
    ])
    func writeThenReadRoundTrip(_ header: RTPHeader) throws {
        var packet = ByteBuffer()
        header.write(to: &packet)
        packet.writeBytes([0xFF, 0x7F, 0x00])
        let read = try #require(RTPHeader.read(from: &packet))
        #expect(read == header)
        #expect(Array(packet.readableBytesView) == [0xFF, 0x7F, 0x00])
    }

    @Test func readsMarkerAndPayloadType() throws {
        var packet = buffer(fixedHeader(second: 0xE5) + [1, 2])
        let header = try #require(RTPHeader.read(from: &packet))
        #expect(header.marker)
        #expect(header.payloadType == 101)
        #expect(header.sequenceNumber == 0x1234)
        #expect(header.timestamp == 0x0A0B)
        #expect(header.ssrc == 0xDEAD_BEEF)
        #expect(Array(packet.readableBytesView) == [1, 2])
    }

    @Test func csrcListIsSkipped() throws {
        let csrcs: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 2]
        var packet = buffer(fixedHeader(first: 0x82) + csrcs + [0xAA, 0xBB])
        let header = try #require(RTPHeader.read(from: &packet))
        #expect(header.ssrc == 0xDEAD_BEEF)
        #expect(Array(packet.readableBytesView) == [0xAA, 0xBB])
    }

    @Test func extensionIsSkipped() throws {
        // Profile 0xBEDE, one 32-bit word of extension data.
        let headerExtension: [UInt8] = [0xBE, 0xDE, 0x00, 0x01, 0x10, 0x20, 0x30, 0x40]
        var packet = buffer(fixedHeader(first: 0x90) + headerExtension + [0xAA])
        #expect(try #require(RTPHeader.read(from: &packet)).sequenceNumber == 0x1234)
        #expect(Array(packet.readableBytesView) == [0xAA])
    }

    @Test func csrcThenExtensionAreBothSkipped() throws {
        let csrc: [UInt8] = [0, 0, 0, 9]
        let headerExtension: [UInt8] = [0x10, 0x00, 0x00, 0x00]
        var packet = buffer(fixedHeader(first: 0x91) + csrc + headerExtension + [0x55, 0x66])
        #expect(RTPHeader.read(from: &packet) != nil)
        #expect(Array(packet.readableBytesView) == [0x55, 0x66])
    }

    @Test func paddingIsRemoved() throws {
        // Three payload bytes, then three bytes of padding, the last one the count.
        var packet = buffer(fixedHeader(first: 0xA0) + [1, 2, 3] + [0, 0, 3])
        #expect(RTPHeader.read(from: &packet) != nil)
        #expect(Array(packet.readableBytesView) == [1, 2, 3])
    }

    @Test func paddingOfTheWholePayloadLeavesNothing() throws {
        var packet = buffer(fixedHeader(first: 0xA0) + [0, 0, 0, 4])
        #expect(RTPHeader.read(from: &packet) != nil)
        #expect(packet.readableBytes == 0)
    }

    @Test(arguments: [
        [UInt8]([0, 0, 9]),  // more padding than there are bytes
        [UInt8]([1, 2, 0]),  // a zero padding count
    ])
    func impossiblePaddingIsRefused(_ tail: [UInt8]) {
        var packet = buffer(fixedHeader(first: 0xA0) + tail)
        #expect(RTPHeader.read(from: &packet) == nil)
    }

    @Test(arguments: [UInt8(0x00), 0x40, 0xC0])
    func versionOtherThanTwoIsRefused(_ first: UInt8) {
        var packet = buffer(fixedHeader(first: first) + [1, 2, 3, 4])
        #expect(RTPHeader.read(from: &packet) == nil)
    }

    @Test func shortPacketsAreRefused() {
        var empty = buffer([])
        #expect(RTPHeader.read(from: &empty) == nil)
        var elevenBytes = buffer(Array(fixedHeader().prefix(11)))
        #expect(RTPHeader.read(from: &elevenBytes) == nil)
        // Three CSRCs announced, one present.
        var shortCSRC = buffer(fixedHeader(first: 0x83) + [0, 0, 0, 1])
        #expect(RTPHeader.read(from: &shortCSRC) == nil)
        // An extension header cut off, then one claiming more words than remain.
        var cutExtension = buffer(fixedHeader(first: 0x90) + [0xBE, 0xDE])
        #expect(RTPHeader.read(from: &cutExtension) == nil)
        var longExtension = buffer(fixedHeader(first: 0x90) + [0xBE, 0xDE, 0x00, 0x02, 1, 2, 3, 4])
        #expect(RTPHeader.read(from: &longExtension) == nil)
    }

    @Test func exactlyTwelveBytesIsAnEmptyPayload() throws {
        var packet = buffer(fixedHeader())
        #expect(RTPHeader.read(from: &packet) != nil)
        #expect(packet.readableBytes == 0)
    }
}
