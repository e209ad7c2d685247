import NIOCore

/// Two channels joined: each one's media goes to the other until either
/// hangs up (Asterisk's two-party bridge). Frames are relayed on the event
/// loop that received them; when the two endpoints live on different loops
/// a frame is handed over with one `execute`.
///
/// Given a translation matrix, each direction goes through a
/// `TranscodingEndpoint`, which translates voice while the two formats
/// differ (at link time, or after a re-INVITE changed one) and passes
/// frames untouched while they match.
public enum Bridge {
    /// Links the media of `a` and `b` (early media included) without waiting.
    /// Without `translations` frames pass as they are, whatever the formats.
    public static func link(_ a: any Channel, _ b: any Channel, translations: TranslationMatrix? = nil) async {
        guard let left = a.media, let right = b.media else { return }
        await connect(left, to: right, translations: translations)
        await connect(right, to: left, translations: translations)
    }

    /// Unlinks both directions.
    public static func unlink(_ a: any Channel, _ b: any Channel) async {
        for endpoint in [a.media, b.media].compactMap({ $0 }) {
            try? await endpoint.eventLoop.submit { endpoint.setPeer(nil) }.get()
        }
    }

    /// Links, waits until either channel hangs up, unlinks, and hangs up
    /// the other one with the same cause.
    public static func run(_ a: any Channel, _ b: any Channel, translations: TranslationMatrix? = nil) async {
        await link(a, b, translations: translations)
        // Whichever hangs up first; the other waiter ends when we hang up
        // its channel below (hang-up waits are not cancellable).
        let (firstHangup, signal) = AsyncStream.makeStream(of: Void.self)
        for channel in [a, b] {
            Task {
                await channel.record.waitUntilHungUp()
                signal.yield()
            }
        }
        for await _ in firstHangup { break }
        await unlink(a, b)
        let cause = a.record.state.hangupCause ?? b.record.state.hangupCause ?? .normalClearing
        await a.hangup(cause: cause)
        await b.hangup(cause: cause)
    }

    private static func connect(_ endpoint: any MediaEndpoint, to peer: any MediaEndpoint, translations: TranslationMatrix?) async {
        let sameLoop = endpoint.eventLoop === peer.eventLoop
        var target: any MediaEndpoint = sameLoop ? peer : LoopHandOver(peer)
        if let translations {
            // A peer on another loop has its format read there, once.
            let fixed = sameLoop ? nil : try? await peer.eventLoop.submit { (peer.format, peer.formatParameters) }.get()
            target = TranscodingEndpoint(receiver: endpoint, target: target, fixedTargetFormat: fixed?.0,
                                         fixedTargetParameters: fixed?.1 ?? "", translations: translations)
        }
        let chosen = target
        try? await endpoint.eventLoop.submit { endpoint.setPeer(chosen) }.get()
    }
}

/// Hands frames to an endpoint on another event loop.
final class LoopHandOver: MediaEndpoint {
    let target: any MediaEndpoint
    init(_ target: any MediaEndpoint) { self.target = target }
    var eventLoop: any EventLoop { target.eventLoop }
    var format: AudioFormat { target.format }
    func setPeer(_ peer: (any MediaEndpoint)?) {}
    func relay(_ frame: MediaFrame) {
        let target = self.target
        target.eventLoop.execute { target.relay(frame) }
    }
    func sendDigit(_ digit: Character, duration: Duration) {
        let target = self.target
        target.eventLoop.execute { target.sendDigit(digit, duration: duration) }
    }
}
