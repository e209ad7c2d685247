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
    /// Tells the far end about call progress before the answer (ringing,
    /// early media). Channels that cannot signal it ignore it.
    func indicate(_ control: ControlFrame) async
    /// The media side a bridge joins, once there is one.
    var media: (any MediaEndpoint)? { get }
    /// The next 20 ms voice frame or digit the far end sent while the
    /// channel is not bridged; nil when `timeout` passes first. `play` must
    /// stop early when its task is cancelled, so a digit can interrupt it.
    func read(timeout: Duration) async throws -> ChannelInput?
    /// Plays `source` until it ends or one of `digits` arrives; returns that
    /// digit. The default (`Channel+Reading`) races `play` against `read`.
    func play(_ source: AudioSource, stopOn digits: Set<Character>) async throws -> Character?
}

extension Channel {
    public func indicate(_ control: ControlFrame) async {}
    public var media: (any MediaEndpoint)? { nil }
    /// Channels that deliver no input: nothing arrives before the timeout.
    public func read(timeout: Duration) async throws -> ChannelInput? {
        try await wait(timeout)
        return nil
    }

    public var name: String { record.name }
    public var isHungUp: Bool { record.state.isHungUp }
}
