/// One leg of a call, whatever technology carries it (Asterisk's `ast_channel`
/// with its `ast_channel_tech`). Drivers implement it; the dialplan drives it.
///
/// Every operation is async and ends early with `ChannelError.hungUp` when the
/// channel is hung up while it runs.
public protocol Channel: AnyObject, Sendable {
    /// Name, id, variables and dialplan position shared by every technology.
    var record: ChannelRecord { get }
    /// The format media moves in on this channel once negotiated.
    var nativeFormat: AudioFormat { get }

    /// Answers the call; returns once the far end confirmed (SIP ACK).
    func answer() async throws
    /// Sends `source` paced in real time; returns when the last frame left.
    func play(_ source: AudioSource) async throws
    /// Waits `duration`, or less if the channel hangs up (then throws).
    func wait(_ duration: Duration) async throws
    /// Hangs up with `cause`. Safe to call more than once.
    func hangup(cause: HangupCause) async
}

extension Channel {
    public var name: String { record.name }
    public var isHungUp: Bool { record.state.isHungUp }
}
