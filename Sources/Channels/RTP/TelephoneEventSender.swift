/// Plans the RFC 4733 §2.5 packet train for one DTMF digit: a first packet
/// with the marker bit, updates with a growing duration every packet
/// interval (the ptime, at most 50 ms), all under the event's one RTP
/// timestamp, then the end packet three times with the E bit.
///
/// An event longer than the 16-bit duration field (about 8.2 s at 8 kHz) is
/// cut into segments (§2.5.1.3): each new segment's timestamp is the last
/// one plus 0xFFFF, without marker, and only the final segment ends with E.
public struct TelephoneEventSender: Sendable, Equatable {
    /// One packet to send: RTP marker, timestamp relative to the event's
    /// first timestamp, when to send it relative to the first packet, and
    /// the payload.
    public struct Packet: Sendable, Equatable {
        public var marker: Bool
        public var timestampOffset: UInt32
        public var sendOffset: Duration
        public var payload: TelephoneEvent

        public init(marker: Bool, timestampOffset: UInt32, sendOffset: Duration, payload: TelephoneEvent) {
            self.marker = marker
            self.timestampOffset = timestampOffset
            self.sendOffset = sendOffset
            self.payload = payload
        }
    }

    /// RTP clock rate of `telephone-event` (8000 unless the SDP says otherwise).
    public let clockRate: Int
    /// Time between packets: the ptime, but never more than 50 ms so a far
    /// end sees the digit is still held.
    public let interval: Duration
    /// Level in -dBm0 written into every packet.
    public let volume: UInt8

    /// Shorter digits are sent this long: DTMF detectors behind gateways
    /// need about 40 ms of tone to accept a digit.
    public static let minimumDuration: Duration = .milliseconds(40)
    /// Longer digits are cut to this, so a bogus duration cannot make an
    /// unbounded packet train.
    public static let maximumDuration: Duration = .seconds(10)
    /// Longest update interval RFC 4733 recommends.
    public static let maximumInterval: Duration = .milliseconds(50)
    /// How often the end packet is sent, against loss.
    public static let endPacketCount = 3

    /// A non-positive `clockRate` is taken as 8000 and a non-positive
    /// `ptime` as 20 ms.
    public init(clockRate: Int = 8000, ptime: Duration = .milliseconds(20), volume: UInt8 = 10) {
        self.clockRate = clockRate > 0 ? clockRate : 8000
        let packetTime = ptime > .zero ? ptime : .milliseconds(20)
        self.interval = min(packetTime, TelephoneEventSender.maximumInterval)
        self.volume = min(volume, TelephoneEvent.maximumVolume)
    }

    /// The packets for `digit` held for `duration` (kept within
    /// `minimumDuration...maximumDuration`); nil when `digit` is not one of
    /// `0-9 * # A-D`.
    public func packets(digit: Character, duration: Duration) -> [Packet]? {
        guard let code = TelephoneEvent.eventCode(for: digit) else { return nil }
        let held = min(max(duration, TelephoneEventSender.minimumDuration), TelephoneEventSender.maximumDuration)
        let total = samples(held)
        let step = max(1, samples(interval))
        let segmentLimit = Int64(UInt16.max)
        var packets: [Packet] = []
        var segmentStart: Int64 = 0

        func append(at elapsed: Int64, marker: Bool = false, isEnd: Bool = false, sentAt: Int64? = nil) {
            let event = TelephoneEvent(event: code, isEnd: isEnd, volume: volume, duration: UInt16(elapsed - segmentStart))
            packets.append(Packet(marker: marker, timestampOffset: UInt32(truncatingIfNeeded: segmentStart),
                                  sendOffset: time(sentAt ?? elapsed), payload: event))
        }
        // Closes the segment the tone has outgrown with a full-length
        // packet and moves on to the next one.
        func splitSegments(before elapsed: Int64) {
            while elapsed - segmentStart > segmentLimit {
                append(at: segmentStart + segmentLimit, sentAt: elapsed)
                segmentStart += segmentLimit
            }
        }

        append(at: 0, marker: true)
        var elapsed = step
        while elapsed < total {
            splitSegments(before: elapsed)
            append(at: elapsed)
            elapsed += step
        }
        splitSegments(before: total)
        for repetition in 0..<TelephoneEventSender.endPacketCount {
            append(at: total, isEnd: true, sentAt: total + Int64(repetition) * step)
        }
        return packets
    }

    /// `duration` in RTP clock units, rounded down.
    func samples(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * Int64(clockRate) + (attoseconds / 1_000_000_000) * Int64(clockRate) / 1_000_000_000
    }

    private func time(_ samples: Int64) -> Duration {
        .nanoseconds(samples * 1_000_000_000 / Int64(clockRate))
    }
}
