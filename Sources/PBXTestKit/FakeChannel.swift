import NIOConcurrencyHelpers
import PBXCore

/// A `Channel` for tests: records what was asked of it, never sleeps, and can
/// be told to have its far end hang up when a given operation starts.
public final class FakeChannel: Channel {
    /// One call made on the channel, in order.
    public enum Event: Sendable, Equatable {
        case answer
        /// A sound sent: its format and size.
        case play(format: AudioFormat, byteCount: Int)
        case wait(Duration)
        /// The far end hung up (as scheduled by `hangUpRemotely`).
        case remoteHangup(HangupCause)
        /// `hangup(cause:)` was called (every call is recorded, even repeats).
        case hangup(HangupCause)
    }

    /// The operations a remote hangup can be scheduled on.
    public enum Operation: Sendable, Equatable {
        case answer
        case play
        case wait
    }

    public let record: ChannelRecord
    public let nativeFormat: AudioFormat

    private struct Scheduled {
        let operation: Operation
        var remaining: Int
        let cause: HangupCause
    }
    private struct State {
        var events: [Event] = []
        var played: [AudioSource] = []
        var scheduled: Scheduled?
    }
    private let state = NIOLockedValueBox(State())

    public init(
        name: String = "SIP/dev1-00000001",
        exten: String = "1000",
        context: String = "default",
        callerID: CallerID = CallerID(name: "Alice", number: "100"),
        nativeFormat: AudioFormat = .ulaw,
        uniqueID: String = "1700000000.1"
    ) {
        let technology = name.split(separator: "/").first.map(String.init) ?? "Fake"
        self.record = ChannelRecord(
            name: name, uniqueID: uniqueID, technology: technology,
            callerID: callerID, exten: exten, context: context)
        self.nativeFormat = nativeFormat
        record.setState(.ring)
    }

    /// Everything asked of the channel so far.
    public var events: [Event] { state.withLockedValue { $0.events } }

    /// The sources `play` was given, in order.
    public var playedSources: [AudioSource] { state.withLockedValue { $0.played } }

    /// The durations `wait` was given, in order.
    public var waits: [Duration] {
        events.compactMap { if case .wait(let duration) = $0 { duration } else { nil } }
    }

    /// Makes the far end hang up when `operation` is called for the
    /// `occurrence`-th time from now (1 = the next one); that call throws
    /// `ChannelError.hungUp`, as would every later one.
    public func hangUpRemotely(on operation: Operation, occurrence: Int = 1, cause: HangupCause = .normalClearing) {
        state.withLockedValue {
            $0.scheduled = Scheduled(operation: operation, remaining: max(1, occurrence), cause: cause)
        }
    }

    /// The far end hangs up now.
    public func hangUpRemotely(cause: HangupCause = .normalClearing) {
        if record.markHungUp(cause: cause) {
            state.withLockedValue { $0.events.append(.remoteHangup(cause)) }
        }
    }

    public func answer() async throws {
        try begin(.answer)
        record.setState(.up)
        state.withLockedValue { $0.events.append(.answer) }
    }

    public func play(_ source: AudioSource) async throws {
        try begin(.play)
        state.withLockedValue {
            $0.events.append(.play(format: source.format, byteCount: source.bytes.count))
            $0.played.append(source)
        }
    }

    public func wait(_ duration: Duration) async throws {
        try begin(.wait)
        state.withLockedValue { $0.events.append(.wait(duration)) }
    }

    public func hangup(cause: HangupCause) async {
        record.markHungUp(cause: cause)
        state.withLockedValue { $0.events.append(.hangup(cause)) }
    }

    /// Throws if the channel is (or now becomes, by schedule) hung up.
    private func begin(_ operation: Operation) throws {
        let remoteCause: HangupCause? = state.withLockedValue {
            guard var scheduled = $0.scheduled, scheduled.operation == operation else { return nil }
            scheduled.remaining -= 1
            if scheduled.remaining > 0 {
                $0.scheduled = scheduled
                return nil
            }
            $0.scheduled = nil
            return scheduled.cause
        }
        if let remoteCause { hangUpRemotely(cause: remoteCause) }
        if record.state.isHungUp { throw ChannelError.hungUp }
    }
}
