/// How many messages a mailbox holds, as message-waiting indication needs
/// them: new (INBOX) and old (every other folder).
public struct MailboxCounts: Sendable, Hashable {
    public var new: Int
    public var old: Int

    public init(new: Int, old: Int) {
        self.new = new
        self.old = old
    }

    public static let empty = MailboxCounts(new: 0, old: 0)
    public var isWaiting: Bool { new > 0 }
}
