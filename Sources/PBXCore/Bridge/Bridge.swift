import NIOCore

/// Two channels joined: each one's media goes to the other until either
/// hangs up (Asterisk's two-party bridge). Frames are relayed on the event
/// loop that received them; when the two endpoints live on different loops
/// a frame is handed over with one `execute`.
public enum Bridge {
    /// Links the media of `a` and `b` (early media included) without waiting.
    public static func link(_ a: any Channel, _ b: any Channel) async {
        guard let left = a.media, let right = b.media else { return }
        await connect(left, to: right)
        await connect(right, to: left)
    }

    /// Unlinks both directions.
    public static func unlink(_ a: any Channel, _ b: any Channel) async {
        for endpoint in [a.media, b.media].compactMap({ $0 }) {
            try? await endpoint.eventLoop.submit { endpoint.setPeer(nil) }.get()
        }
    }

    /// Links, waits until either channel hangs up, unlinks, and hangs up
    /// the other one with the same cause.
    public static func run(_ a: any Channel, _ b: any Channel) async {
        await link(a, b)
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

    private static func connect(_ endpoint: any MediaEndpoint, to peer: any MediaEndpoint) async {
        let target: any MediaEndpoint = endpoint.eventLoop === peer.eventLoop ? peer : LoopHandOver(peer)
        try? await endpoint.eventLoop.submit { endpoint.setPeer(target) }.get()
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
