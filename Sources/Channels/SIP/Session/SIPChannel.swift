import NIOCore
import PBXCore

/// A SIP call leg as the dialplan sees it. Each operation hands over to the
/// SIP event loop explicitly and awaits the future the session gives back.
public final class SIPChannel: OutgoingChannel {
    public let record: ChannelRecord
    public let nativeFormat: AudioFormat
    private let session: SIPSession
    private let loop: any EventLoop

    init(session: SIPSession, loop: any EventLoop) {
        self.session = session
        self.record = session.record
        self.nativeFormat = session.rtp.format
        self.loop = loop
    }

    public var media: (any MediaEndpoint)? { session.rtp }

    public func answer() async throws {
        guard let incoming = session as? SIPIncomingSession else {
            throw ChannelError.invalidState("an outgoing call is answered by the far end")
        }
        try await loop.flatSubmit { incoming.answer() }.get()
    }

    public func indicate(_ control: ControlFrame) async {
        guard let incoming = session as? SIPIncomingSession else { return }
        try? await loop.submit { incoming.indicate(control) }.get()
    }

    public func call() -> AsyncStream<CallProgress> {
        let (stream, continuation) = AsyncStream.makeStream(of: CallProgress.self)
        guard let outgoing = session as? SIPOutgoingSession else {
            continuation.yield(.failed(.interworking))
            continuation.finish()
            return stream
        }
        loop.execute { outgoing.start(continuation) }
        return stream
    }

    public func play(_ source: AudioSource) async throws {
        guard !isHungUp else { throw ChannelError.hungUp }
        try await loop.flatSubmit { self.session.rtp.play(source) }.get()
        if isHungUp { throw ChannelError.hungUp }
    }

    public func wait(_ duration: Duration) async throws {
        let components = duration.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        try await loop.flatSubmit { self.session.wait(.nanoseconds(nanoseconds)) }.get()
    }

    public func hangup(cause: HangupCause) async {
        try? await loop.submit { self.session.hangup(cause: cause) }.get()
    }

    /// RTP counters, read on the loop.
    public func rtpStatistics() async -> RTPStatistics {
        (try? await loop.submit { self.session.rtp.statistics }.get()) ?? RTPStatistics()
    }

    /// The far end's signalling address, for `sip show channels`.
    public var remoteSignalling: HostPort { session.path.remoteHostPort }
    public var callID: String { session.callID }
    public var formatName: String { nativeFormat.name }
}
