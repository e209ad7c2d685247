import NIOCore

/// One RFC 4733 §2.3 telephone-event payload: the four bytes
///
///     | event (8) |E|R| volume (6) | duration (16) |
///
/// carried in RTP with the negotiated `telephone-event` payload type.
/// `duration` counts RTP clock units since the event's timestamp.
public struct TelephoneEvent: Sendable, Hashable {
    /// Event code: 0–9 the digits, 10 `*`, 11 `#`, 12–15 `A`–`D`; higher
    /// codes are other tones and signals.
    public var event: UInt8
    /// The E bit: this packet reports the end of the event.
    public var isEnd: Bool
    /// The R bit as read. Senders must send it clear, so `write` always
    /// writes zero whatever this says.
    public var reserved: Bool
    /// Power level in -dBm0, 0...63 (six bits on the wire).
    public var volume: UInt8
    /// Duration of the event so far, in RTP clock units.
    public var duration: UInt16

    /// Bytes of one payload.
    public static let size = 4
    /// Highest value the six volume bits can hold.
    public static let maximumVolume: UInt8 = 63

    public init(event: UInt8, isEnd: Bool = false, reserved: Bool = false, volume: UInt8 = 10, duration: UInt16) {
        self.event = event
        self.isEnd = isEnd
        self.reserved = reserved
        self.volume = volume
        self.duration = duration
    }

    /// The event for a DTMF `digit`; nil for a character that is not one.
    public init?(digit: Character, isEnd: Bool = false, volume: UInt8 = 10, duration: UInt16) {
        guard let code = TelephoneEvent.eventCode(for: digit) else { return nil }
        self.init(event: code, isEnd: isEnd, volume: volume, duration: duration)
    }

    /// The DTMF digit this event stands for, nil for events above 15.
    public var digit: Character? { TelephoneEvent.digit(forEventCode: event) }

    /// `0`–`9`, `*`, `#`, `A`–`D` in event-code order (RFC 4733 §3.2).
    private static let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"]

    /// The digit of a DTMF event code, nil for codes above 15.
    public static func digit(forEventCode code: UInt8) -> Character? {
        Int(code) < digits.count ? digits[Int(code)] : nil
    }

    /// The event code of a DTMF digit; `a`–`d` are taken as `A`–`D`.
    public static func eventCode(for digit: Character) -> UInt8? {
        let normalized: Character
        switch digit {
        case "a": normalized = "A"
        case "b": normalized = "B"
        case "c": normalized = "C"
        case "d": normalized = "D"
        default: normalized = digit
        }
        guard let index = digits.firstIndex(of: normalized) else { return nil }
        return UInt8(index)
    }

    /// Reads one payload and moves the reader index past it; bytes after
    /// the first four are left unread. Nil when fewer than four remain.
    public static func read(from buffer: inout ByteBuffer) -> TelephoneEvent? {
        guard buffer.readableBytes >= size,
              let event = buffer.readInteger(as: UInt8.self),
              let flags = buffer.readInteger(as: UInt8.self),
              let duration = buffer.readInteger(as: UInt16.self) else { return nil }
        return TelephoneEvent(event: event, isEnd: flags & 0x80 != 0, reserved: flags & 0x40 != 0,
                              volume: flags & 0x3F, duration: duration)
    }

    /// Writes the four bytes; R is always zero and a volume above 63 is
    /// written as 63 (the quietest level there is).
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(event)
        buffer.writeInteger((isEnd ? 0x80 : 0) | min(volume, TelephoneEvent.maximumVolume))
        buffer.writeInteger(duration)
    }
}
