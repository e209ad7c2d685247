import NIOCore
import PBXCore

/// DTMF on an RTP session: RFC 4733 events received become digit frames for
/// the channel (while the packets themselves still pass through a bridge),
/// and digits from elsewhere (SIP INFO on the other leg) are regenerated as
/// RFC 4733 packets on our own timeline.
extension RTPSession {
    /// Feeds a received telephone-event packet to the digit detector.
    func receivedTelephoneEvent(header: RTPHeader, payload: ByteBuffer) {
        var bytes = payload
        guard let event = TelephoneEvent.read(from: &bytes) else { return }
        for frame in dtmfReceiver.receive(header, event, at: .now()) {
            onDigitFrame?(frame)
        }
    }

    /// Sends `digit` as RFC 4733 packets, paced as the sender plans them.
    func sendDigit(_ digit: Character, duration: Duration) {
        guard let eventPayloadType = telephoneEventPayloadType,
              let plan = TelephoneEventSender(clockRate: format.rtpClockRate).packets(digit: digit, duration: duration) else { return }
        let start = timestamp
        let began = NIODeadline.now()
        for packet in plan {
            let offset = TimeAmount(packet.sendOffset)
            loop.assumeIsolated().scheduleTask(deadline: began + offset) { [weak self] in
                guard let self else { return }
                var body = ByteBuffer()
                packet.payload.write(to: &body)
                body.withUnsafeReadableBytes { raw in
                    self.send(marker: packet.marker, payloadType: eventPayloadType, timestamp: start &+ packet.timestampOffset,
                              payload: raw)
                }
            }
        }
        // Voice after the event continues past it on the timeline, in RTP
        // clock ticks (8 kHz for G.722, whose audio is 16 kHz).
        if let last = plan.last {
            timestamp = start &+ last.timestampOffset &+ UInt32(format.rtpTicks(samples: format.samples(milliseconds: 20)))
        }
    }
}
