/// What a channel driver hands a new incoming call to: the dialplan, seen from
/// the core (Channels and Dialplan never import each other; they meet here).
public protocol CallRouter: Sendable {
    /// Whether `exten` exists in `context` (a SIP INVITE gets 404 if not).
    func canRoute(context: String, exten: String) -> Bool
    /// Runs the dialplan for `channel` to its end and hangs the channel up.
    func run(_ channel: any Channel) async
}
