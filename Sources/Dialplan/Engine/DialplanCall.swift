import Logging
import PBXCore

/// What an application runs against: the channel, where in the dialplan it
/// is, and the services it may use.
public struct DialplanCall: Sendable {
    public let channel: any Channel
    public let context: String
    /// The extension as dialled (not the pattern that matched it).
    public let exten: String
    public let priority: Int
    /// The application data after variable substitution.
    public let data: String
    public let sounds: SoundLibrary
    /// Carries the channel's name as `channel` metadata.
    public let logger: Logger
    /// True while the `h` extension runs (the channel is already hung up).
    public let isHangupHandler: Bool

    public init(
        channel: any Channel, context: String, exten: String, priority: Int, data: String = "",
        sounds: SoundLibrary, logger: Logger, isHangupHandler: Bool = false
    ) {
        self.channel = channel
        self.context = context
        self.exten = exten
        self.priority = priority
        self.data = data
        self.sounds = sounds
        self.logger = logger
        self.isHangupHandler = isHangupHandler
    }
}
