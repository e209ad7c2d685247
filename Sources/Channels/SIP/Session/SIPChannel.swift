import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// A SIP call leg as the dialplan sees it. Each operation hands over to the
/// SIP event loop explicitly and awaits the future the session gives back.
/// An outgoing leg may try several targets in turn (RFC 3263 §4.3); Dial
/// sees one leg whichever of them answers.
public final class SIPChannel: OutgoingChannel {
    public let record: ChannelRecord
    /// The leg's current codec (an outgoing leg's settles when the far end answers).
    public var nativeFormat: AudioFormat { session.rtp.publishedFormat.withLockedValue { $0 } }
    private let loop: any EventLoop
    /// Opens the session for one more target (outgoing legs only).
    private let open: (@Sendable (SIPOutgoingTarget) -> EventLoopFuture<SIPOutgoingSession>)?

    private struct Attempts {
        var session: SIPSession
        /// Targets still to try, in order.
        var remaining: [SIPOutgoingTarget] = []
        /// True while the next target's session is being opened.
        var opening = false
        /// A hangup that came while opening.
        var hangupWhileOpening: HangupCause?
    }
    private let attempts: NIOLockedValueBox<Attempts>

    init(session: SIPSession, loop: any EventLoop, fallbacks: [SIPOutgoingTarget] = [],
         open: (@Sendable (SIPOutgoingTarget) -> EventLoopFuture<SIPOutgoingSession>)? = nil) {
        self.record = session.record
        self.loop = loop
        self.open = open
        self.attempts = NIOLockedValueBox(Attempts(session: session, remaining: open == nil ? [] : fallbacks))
    }

    /// The session of the current attempt.
    private var session: SIPSession { attempts.withLockedValue { $0.session } }

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
        loop.execute { self.start(outgoing, continuation) }
        return stream
    }

    /// On the loop: sends this attempt's INVITE, with the next target as its fallback.
    private func start(_ outgoing: SIPOutgoingSession, _ continuation: AsyncStream<CallProgress>.Continuation) {
        if attempts.withLockedValue({ !$0.remaining.isEmpty }) {
            outgoing.fallback = { [self] _ in self.tryNext(continuation) }
        }
        outgoing.start(continuation)
    }

    /// On the loop: the current attempt failed early; open and call the next target.
    private func tryNext(_ continuation: AsyncStream<CallProgress>.Continuation) {
        let next: SIPOutgoingTarget? = attempts.withLockedValue {
            guard !$0.remaining.isEmpty else { return nil }
            $0.opening = true
            return $0.remaining.removeFirst()
        }
        guard let next, let open else {
            continuation.yield(.failed(.noUserResponse))
            continuation.finish()
            record.markHungUp(cause: .noUserResponse)
            return
        }
        open(next).hop(to: loop).whenComplete { result in
            let cancelled = self.attempts.withLockedValue { state -> HangupCause? in
                state.opening = false
                if case .success(let session) = result { state.session = session }
                return state.hangupWhileOpening
            }
            switch result {
            case .success(let session):
                if let cancelled {
                    session.hangup(cause: cancelled)
                    continuation.yield(.failed(cancelled))
                    continuation.finish()
                } else {
                    self.start(session, continuation)
                }
            case .failure:
                continuation.yield(.failed(.destinationOutOfOrder))
                continuation.finish()
                self.record.markHungUp(cause: .destinationOutOfOrder)
            }
        }
    }

    /// Stops early (and throws) when the task is cancelled: a digit interrupting a prompt.
    public func play(_ source: AudioSource) async throws {
        guard !isHungUp else { throw ChannelError.hungUp }
        let rtp = session.rtp
        try await withTaskCancellationHandler {
            try await loop.flatSubmit { rtp.play(source) }.get()
        } onCancel: {
            rtp.loop.execute { rtp.stopPlayback(error: CancellationError()) }
        }
        if isHungUp { throw ChannelError.hungUp }
    }

    public func read(timeout: Duration) async throws -> ChannelInput? {
        guard !isHungUp else { throw ChannelError.hungUp }
        let input = await session.input.read(timeout: timeout)
        if input == nil, isHungUp { throw ChannelError.hungUp }
        return input
    }

    public func wait(_ duration: Duration) async throws {
        try await loop.flatSubmit { self.session.wait(TimeAmount(duration)) }.get()
    }

    public func hangup(cause: HangupCause) async {
        try? await loop.submit {
            let opening = self.attempts.withLockedValue { state -> Bool in
                if state.opening { state.hangupWhileOpening = cause }
                return state.opening
            }
            if !opening { self.session.hangup(cause: cause) }
        }.get()
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
