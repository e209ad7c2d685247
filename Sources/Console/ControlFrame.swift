import NIOCore

/// The control socket's framing: a kind byte, a 32-bit length, the payload.
/// A console sends `command` frames; the PBX answers with `output` frames and
/// ends each command with one `status` frame ("0" success, "1" failure).
/// `complete` asks for the Tab candidates of a partial line (answered the
/// same way, one candidate per line); `attach` makes an interactive console
/// receive `log` frames from then on.
enum ControlFrameKind: UInt8 {
    case command = 0x43  // C
    case output = 0x4F   // O
    case status = 0x53   // S
    case complete = 0x54 // T
    case attach = 0x41   // A
    case log = 0x4C      // L
}

struct ControlMessage: Equatable {
    var kind: ControlFrameKind
    var payload: String

    static let maximumLength = 1 << 20

    func write(to buffer: inout ByteBuffer) {
        let bytes = Array(payload.utf8)
        buffer.writeInteger(kind.rawValue)
        buffer.writeInteger(UInt32(bytes.count))
        buffer.writeBytes(bytes)
    }

    /// Reads one frame if a whole one is there; throws on a bad kind or size.
    static func read(from buffer: inout ByteBuffer) throws -> ControlMessage? {
        guard buffer.readableBytes >= 5,
              let kindByte = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
              let length = buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self) else { return nil }
        guard let kind = ControlFrameKind(rawValue: kindByte), Int(length) <= maximumLength else {
            throw ControlProtocolError.badFrame
        }
        guard buffer.readableBytes >= 5 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 5)
        let payload = buffer.readString(length: Int(length)) ?? ""
        return ControlMessage(kind: kind, payload: payload)
    }
}

enum ControlProtocolError: Error {
    case badFrame
}
