import NIOCore
import PBXCore

/// The read side of a SIP channel: voice received while not bridged goes to
/// the session's input queue, and so do digits (RFC 4733 and SIP INFO via
/// `digitReceived`, inband ones found here by the spandsp detector when the
/// far end did not agree to telephone-event).
extension SIPSession {
    func attachInput() {
        let input = self.input
        rtp.onFrame = { [weak self] frame in
            input.push(.voice(frame))
            self?.detectInbandDigits(in: frame)
        }
    }

    /// On the loop, for each voice frame: inband DTMF when RFC 4733 is not in use.
    private func detectInbandDigits(in frame: AudioFrame) {
        guard rtp.telephoneEventPayloadType == nil, frame.format == .ulaw || frame.format == .alaw else { return }
        if inbandDetector == nil { inbandDetector = DTMFDetector() }
        guard let detector = inbandDetector else { return }
        let digits = frame.payload.withUnsafeReadableBytes { detector.process(g711: $0, format: frame.format) }
        for digit in digits {
            digitReceived(digit, duration: .milliseconds(100), via: "inband")
        }
    }
}
