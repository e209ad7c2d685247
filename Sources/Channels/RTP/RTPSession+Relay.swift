import NIOCore
import PBXCore

/// The bridge side of an RTP session: frames from the peer leave with our
/// SSRC and sequence, and timestamps moved onto our own timeline so the far
/// end sees one continuous stream even when the peer's stream restarts.
extension RTPSession: MediaEndpoint {
    var eventLoop: any EventLoop { loop }

    func setPeer(_ peer: (any MediaEndpoint)?) {
        self.peer = peer
        relaySource = nil
    }

    func relay(_ frame: MediaFrame) {
        let payloadType: UInt8
        switch frame.kind {
        case .voice: payloadType = self.payloadType
        case .telephoneEvent:
            guard let event = telephoneEventPayloadType else { return }
            payloadType = event
        }
        var marker = frame.marker
        if relaySource != frame.source {
            // A new incoming stream: continue our timeline where it stands.
            relaySource = frame.source
            relayOffset = timestamp &- frame.timestamp
            marker = true
        }
        let outgoing = frame.timestamp &+ relayOffset
        frame.payload.withUnsafeReadableBytes { raw in
            send(marker: marker, payloadType: payloadType, timestamp: outgoing, payload: raw)
        }
        if frame.kind == .voice {
            let samples = format.samples(inBytes: frame.payload.readableBytes) ?? format.samples(milliseconds: 20)
            timestamp = outgoing &+ UInt32(truncatingIfNeeded: format.rtpTicks(samples: samples))
        }
    }
}
