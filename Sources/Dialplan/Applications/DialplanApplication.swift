/// A dialplan application (`Answer`, `Playback`, ...): what a priority runs.
///
/// Channel operations throw `ChannelError.hungUp` when the far end hangs up;
/// applications let that through so the runner ends the dialplan.
public protocol DialplanApplication: Sendable {
    /// The name used in extensions.conf, matched without regard to case.
    var name: String { get }
    /// One line describing it.
    var synopsis: String { get }
    /// Runs with the arguments split as Asterisk splits them (`ApplicationArguments`).
    func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult
}
