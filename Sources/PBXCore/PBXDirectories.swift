/// Where the PBX keeps its files: `swiftpbx.conf` `[directories]`.
public struct PBXDirectories: Sendable, Equatable {
    public var config: String
    public var spool: String
    public var data: String
    public var sounds: String
    public var run: String
    public var log: String

    public init(config: String, spool: String, data: String, sounds: String, run: String, log: String) {
        self.config = config
        self.spool = spool
        self.data = data
        self.sounds = sounds
        self.run = run
        self.log = log
    }

    /// The control socket `-r` and `-rx` connect to.
    public var controlSocket: String { run + "/swiftpbx.ctl" }
}
