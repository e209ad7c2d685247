/// Asterisk's voicemail folders, numbered as VoiceMailMain's "change folder"
/// and "save" menus number them.
public enum VoicemailFolder: Int, Sendable, CaseIterable {
    case inbox = 0, old, work, family, friends

    /// The directory name under the mailbox (Asterisk's).
    public var directoryName: String {
        switch self {
        case .inbox: "INBOX"
        case .old: "Old"
        case .work: "Work"
        case .family: "Family"
        case .friends: "Friends"
        }
    }

    /// The prompt naming the folder (`vm-INBOX` says "new").
    public var prompt: String { "vm-" + directoryName }
}
