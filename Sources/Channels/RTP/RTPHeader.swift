import NIOCore

/// The fixed RTP header (RFC 3550 §5.1), read from and written to bytes.
public struct RTPHeader: Sendable, Equatable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32

    public init(marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
    }

    public static let size = 12

    /// Reads a header and skips CSRCs and an extension, leaving the reader
    /// index at the payload; padding is cut off. Nil for anything not RTP v2.
    public static func read(from buffer: inout ByteBuffer) -> RTPHeader? {
        guard buffer.readableBytes >= size,
              let first = buffer.readInteger(as: UInt8.self), first >> 6 == 2,
              let second = buffer.readInteger(as: UInt8.self),
              let sequence = buffer.readInteger(as: UInt16.self),
              let timestamp = buffer.readInteger(as: UInt32.self),
              let ssrc = buffer.readInteger(as: UInt32.self) else { return nil }
        let csrcCount = Int(first & 0x0F)
        guard buffer.readableBytes >= csrcCount * 4 else { return nil }
        buffer.moveReaderIndex(forwardBy: csrcCount * 4)
        if first & 0x10 != 0 {
            guard buffer.readableBytes >= 4 else { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            guard let words = buffer.readInteger(as: UInt16.self), buffer.readableBytes >= Int(words) * 4 else { return nil }
            buffer.moveReaderIndex(forwardBy: Int(words) * 4)
        }
        if first & 0x20 != 0 {
            guard let padding = buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self),
                  Int(padding) <= buffer.readableBytes, padding > 0 else { return nil }
            buffer.moveWriterIndex(to: buffer.writerIndex - Int(padding))
        }
        return RTPHeader(marker: second & 0x80 != 0, payloadType: second & 0x7F, sequenceNumber: sequence,
                         timestamp: timestamp, ssrc: ssrc)
    }

    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger((marker ? 0x80 : 0) | (payloadType & 0x7F))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
    }
}
