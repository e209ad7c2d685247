import NIOCore
import PBXCore

/// Turns the RFC 4733 packets of one RTP stream into DTMF frames: one
/// `.dtmfBegin` when an event starts and one `.dtmfEnd` when it ends.
///
/// An event is known by its RTP timestamp. A new timestamp begins a new
/// event, whether or not its first packet (the one with the marker) got
/// through; it also ends the previous event if that one's end packets were
/// all lost. The first E-bit packet ends an event; its repetitions and late
/// updates change nothing. Duplicates are dropped by sequence number, and a
/// late packet of an event that has since been replaced is ignored. If the
/// end never comes, `expire(at:)` ends the event once `timeout` has passed
/// without a packet for it.
///
/// A pure value: the caller passes arrival times and schedules the timeout.
public struct TelephoneEventReceiver: Sendable {
    /// RTP clock rate of `telephone-event`, for turning durations into time.
    public let clockRate: Int
    /// How long an event may go without packets before it is taken as ended.
    public let timeout: TimeAmount

    /// After this long without a packet the sequence history is forgotten,
    /// because audio packets in between may have wrapped the 16-bit space.
    public static let sequenceHistoryLifetime: TimeAmount = .seconds(2)
    /// How many sequence numbers below the newest are remembered.
    static let sequenceWindow = 64

    private struct TrackedEvent: Sendable {
        var timestamp: UInt32
        var code: UInt8
        var digit: Character?
        /// Clock units of the segments before the current one (§2.5.1.3).
        var earlierSegments: Int64 = 0
        var duration: UInt16
        var isEnded = false
        var lastHeard: NIODeadline
    }

    private enum Arrival { case newest, late }

    private var source: UInt32?
    private var newestSequence: UInt16?
    /// Bit n set: the sequence number `newestSequence - n` has been seen.
    private var seenSequences: UInt64 = 0
    private var lastArrival: NIODeadline?
    private var current: TrackedEvent?

    /// `timeout` should be well above the 50 ms update interval, so a few
    /// lost updates do not cut a held key short.
    public init(clockRate: Int = 8000, timeout: TimeAmount = .seconds(1)) {
        self.clockRate = clockRate > 0 ? clockRate : 8000
        self.timeout = timeout
    }

    /// The digit of the event under way, nil when none is (or it is not DTMF).
    public var activeDigit: Character? {
        guard let current, !current.isEnded else { return nil }
        return current.digit
    }

    /// When `expire(at:)` will end the event under way, nil if none is.
    public var deadline: NIODeadline? {
        guard let current, !current.isEnded else { return nil }
        return current.lastHeard + timeout
    }

    /// Feeds one telephone-event packet that arrived at `now`; returns the
    /// frames it causes, in order (at most: end of the previous event, begin,
    /// end).
    public mutating func receive(_ header: RTPHeader, _ event: TelephoneEvent, at now: NIODeadline) -> [Frame] {
        var frames: [Frame] = []
        if let source, source != header.ssrc {
            // A new source numbers and times its packets afresh.
            if let end = finish() { frames.append(end) }
            forgetSequences()
            current = nil
        }
        source = header.ssrc
        if let lastArrival, now - lastArrival >= TelephoneEventReceiver.sequenceHistoryLifetime {
            forgetSequences()
        }
        lastArrival = now
        guard let arrival = admit(header.sequenceNumber) else { return frames }

        if var tracked = current, header.timestamp == tracked.timestamp {
            guard !tracked.isEnded, event.event == tracked.code else { return frames }
            tracked.lastHeard = now
            tracked.duration = max(tracked.duration, event.duration)
            if event.isEnd {
                tracked.isEnded = true
                if let end = endFrame(of: tracked) { frames.append(end) }
            }
            current = tracked
            return frames
        }
        // A different timestamp out of order belongs to an event already replaced.
        guard arrival == .newest else { return frames }

        if var tracked = current, !tracked.isEnded {
            if continues(tracked, header: header, event: event) {
                tracked.earlierSegments += Int64(header.timestamp &- tracked.timestamp)
                tracked.timestamp = header.timestamp
                tracked.duration = event.duration
                tracked.lastHeard = now
                if event.isEnd {
                    tracked.isEnded = true
                    if let end = endFrame(of: tracked) { frames.append(end) }
                }
                current = tracked
                return frames
            }
            // Its end packets were lost: the new event ends it.
            if let end = finish() { frames.append(end) }
        }

        var started = TrackedEvent(timestamp: header.timestamp, code: event.event, digit: event.digit,
                                   duration: event.duration, lastHeard: now)
        if let digit = started.digit { frames.append(.dtmfBegin(digit)) }
        if event.isEnd {
            // Only the end got through: the digit still happened.
            started.isEnded = true
            if let end = endFrame(of: started) { frames.append(end) }
        }
        current = started
        return frames
    }

    /// Ends the event under way if nothing was heard of it for `timeout`,
    /// with the longest duration it reported.
    public mutating func expire(at now: NIODeadline) -> Frame? {
        guard let deadline, now >= deadline else { return nil }
        return finish()
    }

    /// Ends the event under way now (hangup, bridge torn down).
    public mutating func finish() -> Frame? {
        guard var tracked = current, !tracked.isEnded else { return nil }
        tracked.isEnded = true
        current = tracked
        return endFrame(of: tracked)
    }

    /// A packet of the next segment of a long event (§2.5.1.3): same event,
    /// no marker, timestamp advanced by the full 16-bit duration.
    private func continues(_ tracked: TrackedEvent, header: RTPHeader, event: TelephoneEvent) -> Bool {
        !header.marker && event.event == tracked.code && header.timestamp &- tracked.timestamp == UInt32(UInt16.max)
    }

    private func endFrame(of tracked: TrackedEvent) -> Frame? {
        guard let digit = tracked.digit else { return nil }
        let units = tracked.earlierSegments + Int64(tracked.duration)
        return .dtmfEnd(digit, .nanoseconds(units * 1_000_000_000 / Int64(clockRate)))
    }

    /// Records `sequence`; nil for a duplicate or one too old to judge.
    private mutating func admit(_ sequence: UInt16) -> Arrival? {
        guard let newest = newestSequence else {
            newestSequence = sequence
            seenSequences = 1
            return .newest
        }
        let ahead = Int(Int16(bitPattern: sequence &- newest))
        if ahead > 0 {
            seenSequences = ahead >= TelephoneEventReceiver.sequenceWindow ? 1 : seenSequences << UInt64(ahead) | 1
            newestSequence = sequence
            return .newest
        }
        let behind = -ahead
        guard behind < TelephoneEventReceiver.sequenceWindow else { return nil }
        let bit: UInt64 = 1 << UInt64(behind)
        guard seenSequences & bit == 0 else { return nil }
        seenSequences |= bit
        return .late
    }

    private mutating func forgetSequences() {
        newestSequence = nil
        seenSequences = 0
    }
}
