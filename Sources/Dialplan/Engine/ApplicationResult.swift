import PBXCore

/// What an application tells the runner to do next.
public enum ApplicationResult: Sendable, Equatable {
    /// Go on with the next priority.
    case proceed
    /// Continue somewhere else (`Goto`).
    case goto(GotoTarget)
    /// Stop the dialplan and hang up with this cause (`Hangup`, or an
    /// application that fails as Asterisk's return -1 does).
    case hangUp(HangupCause)
}
