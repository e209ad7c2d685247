/// Why a channel operation did not complete.
public enum ChannelError: Error, Sendable, Equatable {
    /// The far end (or the PBX) hung the channel up.
    case hungUp
    /// The operation does not fit the channel's state (answer twice, play before media).
    case invalidState(String)
    /// No format both sides can use.
    case noCommonFormat
    /// An operation timed out (an answer never acknowledged).
    case timedOut
}
