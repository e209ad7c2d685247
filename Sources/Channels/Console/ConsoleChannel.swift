import NIOConcurrencyHelpers
import PBXCore

/// The sound card as one leg of a call (`Console/dsp`, Asterisk's chan_alsa
/// channel): rung by `Dial(Console/dsp)` and answered by `console answer`
/// or `autoanswer`, or placing a call itself with `console dial`. Audio
/// moves while the call is up; at most one exists at a time.
public final class ConsoleChannel: OutgoingChannel {
    /// Who started the call.
    public enum Role: Sendable, Equatable {
        /// `Dial(Console/dsp)`: the console is rung.
        case called
        /// `console dial`: the console calls into the dialplan.
        case calling
    }

    public let record: ChannelRecord
    public let role: Role
    public var nativeFormat: AudioFormat { .slin }
    public var media: (any MediaEndpoint)? { endpoint }
    let endpoint: ConsoleMediaEndpoint
    private let driver: ConsoleChannelDriver

    /// Where the call stands at the console.
    private enum Phase {
        case created
        /// Dial is waiting on `progress` for the answer.
        case ringing(progress: AsyncStream<CallProgress>.Continuation)
        case answered
        case ended
    }
    private let phase = NIOLockedValueBox(Phase.created)

    init(record: ChannelRecord, role: Role, endpoint: ConsoleMediaEndpoint, driver: ConsoleChannelDriver) {
        self.record = record
        self.role = role
        self.endpoint = endpoint
        self.driver = driver
    }

    /// Whether the console is ringing and waits for `console answer`.
    var isRinging: Bool {
        phase.withLockedValue { if case .ringing = $0 { true } else { false } }
    }

    /// Rings the console; it answers at once with `autoanswer=yes`.
    public func call() -> AsyncStream<CallProgress> {
        let (stream, continuation) = AsyncStream.makeStream(of: CallProgress.self)
        let rings = role == .called && phase.withLockedValue { phase in
            guard case .created = phase else { return false }
            phase = .ringing(progress: continuation)
            return true
        }
        guard rings else {
            continuation.yield(.failed(record.state.hangupCause ?? .interworking))
            continuation.finish()
            return stream
        }
        record.setState(.ringing)
        continuation.yield(.ringing)
        if driver.configuration.autoanswer {
            driver.logger.notice("<< Auto-answered >> \(name)")
            _ = answerFromConsole()
        } else {
            driver.logger.notice("<< Call placed to '\(record.callerID.number.isEmpty ? record.callerID.name : record.callerID.number)' on console \(name) >>")
            driver.logger.notice("<< Type 'console answer' to answer, or set autoanswer=yes in alsa.conf >>")
        }
        return stream
    }

    /// The person at the console picked up: media starts, Dial sees the answer.
    func answerFromConsole() -> Bool {
        let progress = phase.withLockedValue { phase -> AsyncStream<CallProgress>.Continuation? in
            guard case .ringing(let progress) = phase else { return nil }
            phase = .answered
            return progress
        }
        guard let progress else { return false }
        if let cause = record.state.hangupCause {
            // Hung up in the same instant: Dial still needs its ending.
            progress.yield(.failed(cause))
            progress.finish()
            return false
        }
        record.setState(.up)
        driver.startMedia(for: self)
        progress.yield(.answered)
        progress.finish()
        return true
    }

    /// The dialplan answers a call the console placed: it is off hook already.
    public func answer() async throws {
        guard !isHungUp else { throw ChannelError.hungUp }
        guard role == .calling else {
            throw ChannelError.invalidState("a call to the console is answered at the console")
        }
        let answered = phase.withLockedValue { phase in
            if case .created = phase { phase = .answered }
            if case .answered = phase { return true }
            return false
        }
        guard answered else { throw ChannelError.hungUp }
        record.setState(.up)
    }

    public func indicate(_ control: ControlFrame) async {
        switch control {
        case .ringing: driver.logger.notice("<< Remote end is ringing >> \(name)")
        case .progress: driver.logger.info("<< Call progress >> \(name)")
        case .answer: driver.logger.notice("<< Remote end answered >> \(name)")
        default: break
        }
    }

    /// Plays `source` through the speaker, paced by the sound card.
    public func play(_ source: AudioSource) async throws {
        guard !isHungUp else { throw ChannelError.hungUp }
        do {
            try await driver.playback.play(source)
        } catch let error as ConsoleDeviceError {
            throw ChannelError.invalidState(error.description)
        }
        if isHungUp { throw ChannelError.hungUp }
    }

    /// Waits, checking every 20 ms whether the call was hung up meanwhile.
    public func wait(_ duration: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + duration
        while clock.now < deadline {
            if isHungUp { throw ChannelError.hungUp }
            try? await Task.sleep(for: min(.milliseconds(20), deadline - clock.now))
        }
        if isHungUp { throw ChannelError.hungUp }
    }

    public func hangup(cause: HangupCause) async {
        hangupNow(cause: cause)
    }

    /// Ends the call: stops the sound card and frees the console for the next one.
    func hangupNow(cause: HangupCause) {
        guard record.markHungUp(cause: cause) else { return }
        let progress = phase.withLockedValue { phase -> AsyncStream<CallProgress>.Continuation? in
            defer { phase = .ended }
            if case .ringing(let progress) = phase { return progress }
            return nil
        }
        progress?.yield(.failed(cause))
        progress?.finish()
        driver.release(self)
        driver.logger.notice("<< Hangup on console >> \(name) (cause \(cause.rawValue))")
    }
}
