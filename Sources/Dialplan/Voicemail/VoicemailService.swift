import NIOConcurrencyHelpers
import PBXCore

/// What the voicemail applications share: the configuration as last
/// (re)loaded and the message store. Owned by the `app_voicemail` module.
public final class VoicemailService: Sendable {
    public let store: VoicemailStore
    /// voicemail.conf, re-read by reload and rewritten by password changes.
    public let configurationPath: String
    private let configurationBox: NIOLockedValueBox<VoicemailConfiguration>

    public init(configuration: VoicemailConfiguration, configurationPath: String, store: VoicemailStore) {
        self.store = store
        self.configurationPath = configurationPath
        self.configurationBox = NIOLockedValueBox(configuration)
    }

    public var configuration: VoicemailConfiguration { configurationBox.withLockedValue { $0 } }

    public func replace(_ configuration: VoicemailConfiguration) {
        configurationBox.withLockedValue { $0 = configuration }
    }

    /// `100@default` or `100` (context `default`) → mailbox and context.
    public static func parseMailbox(_ text: String) -> (mailbox: String, context: String)? {
        let trimmed = text.trimmingCharacters(in: " \t")
        let parts = trimmed.split(separator: "@", maxSplits: 1).map(String.init)
        guard let mailbox = parts.first, !mailbox.isEmpty else { return nil }
        let context = parts.count > 1 && !parts[1].isEmpty ? parts[1] : "default"
        return (mailbox, context)
    }
}
