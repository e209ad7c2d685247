import NIOConcurrencyHelpers
import struct Foundation.Date

/// Where in the dialplan a channel is, for `core show channels`.
public struct DialplanPosition: Sendable, Equatable {
    public var context: String
    public var exten: String
    public var priority: Int
    public var application: String
    public var applicationData: String

    public init(context: String, exten: String, priority: Int, application: String = "", applicationData: String = "") {
        self.context = context
        self.exten = exten
        self.priority = priority
        self.application = application
        self.applicationData = applicationData
    }
}

/// A channel's state as others read it.
public struct ChannelStatus: Sendable, Equatable {
    public var state: ChannelState = .down
    public var hangupCause: HangupCause?
    public var isHungUp: Bool { hangupCause != nil }
}

/// The technology-independent part of a channel: identity, variables, state
/// and dialplan position. Thread-safe; every driver's channel owns one.
public final class ChannelRecord: Sendable {
    public let name: String
    public let uniqueID: String
    public let technology: String
    public let callerID: CallerID
    /// The extension the call asked for and the context it starts in.
    public let exten: String
    public let context: String
    public let created: Date

    private struct Mutable {
        var status = ChannelStatus()
        var hangupWaiters: [CheckedContinuation<Void, Never>] = []
        var variables: [String: String] = [:]
        var position: DialplanPosition?
    }
    private let mutable = NIOLockedValueBox(Mutable())

    public init(name: String, uniqueID: String, technology: String, callerID: CallerID, exten: String, context: String) {
        self.name = name
        self.uniqueID = uniqueID
        self.technology = technology
        self.callerID = callerID
        self.exten = exten
        self.context = context
        self.created = Date()
    }

    public var state: ChannelStatus { mutable.withLockedValue { $0.status } }

    /// Moves to `state` unless the channel is already hung up.
    public func setState(_ state: ChannelState) {
        mutable.withLockedValue { if !$0.status.isHungUp { $0.status.state = state } }
    }

    /// Marks the channel hung up; returns false if it already was (so the
    /// caller knows whether it owns the teardown).
    @discardableResult
    public func markHungUp(cause: HangupCause) -> Bool {
        let waiters: [CheckedContinuation<Void, Never>]? = mutable.withLockedValue { state in
            guard !state.status.isHungUp else { return nil }
            state.status.hangupCause = cause
            state.status.state = .down
            let waiting = state.hangupWaiters
            state.hangupWaiters.removeAll()
            return waiting
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume() }
        return true
    }

    /// Returns once the channel is hung up (at once if it already is).
    public func waitUntilHungUp() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = mutable.withLockedValue {
                if $0.status.isHungUp { return true }
                $0.hangupWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    public subscript(variable name: String) -> String? {
        get { mutable.withLockedValue { $0.variables[name] } }
        set { mutable.withLockedValue { $0.variables[name] = newValue } }
    }

    public var position: DialplanPosition? {
        get { mutable.withLockedValue { $0.position } }
        set { mutable.withLockedValue { $0.position = newValue } }
    }
}
