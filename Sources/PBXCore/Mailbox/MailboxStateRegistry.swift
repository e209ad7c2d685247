import NIOConcurrencyHelpers

/// Where voicemail and the channel drivers meet without knowing each other
/// (Asterisk's MWI topic): voicemail publishes each mailbox's counts, SIP
/// observes them to light phones. Mailboxes are named `BOX@CONTEXT`.
public final class MailboxStateRegistry: Sendable {
    /// Told the mailbox and its new counts after every change.
    public typealias Observer = @Sendable (_ mailbox: String, _ counts: MailboxCounts) -> Void

    private struct State {
        var counts: [String: MailboxCounts] = [:]
        var observers: [Int: Observer] = [:]
        var nextToken = 0
    }
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// `100` → `100@default`; names compare without regard to case.
    public static func canonical(_ mailbox: String) -> String {
        let trimmed = mailbox.trimmingCharacters(in: " \t").lowercased()
        return trimmed.contains("@") ? trimmed : trimmed + "@default"
    }

    /// Records `counts`; observers hear of it when it differs from before
    /// (or always, with `force`).
    public func publish(_ mailbox: String, counts: MailboxCounts, force: Bool = false) {
        let name = Self.canonical(mailbox)
        let observers: [Observer] = state.withLockedValue { state in
            let changed = state.counts[name] != counts
            state.counts[name] = counts
            return changed || force ? Array(state.observers.values) : []
        }
        for observer in observers { observer(name, counts) }
    }

    /// The last published counts; nil for a mailbox nobody published.
    public func counts(of mailbox: String) -> MailboxCounts? {
        let name = Self.canonical(mailbox)
        return state.withLockedValue { $0.counts[name] }
    }

    /// Forgets a mailbox (voicemail unloaded or the box removed).
    public func remove(_ mailbox: String) {
        let name = Self.canonical(mailbox)
        state.withLockedValue { _ = $0.counts.removeValue(forKey: name) }
    }

    /// Adds an observer; returns the token `removeObserver` takes.
    public func addObserver(_ observer: @escaping Observer) -> Int {
        state.withLockedValue { state in
            state.nextToken += 1
            state.observers[state.nextToken] = observer
            return state.nextToken
        }
    }

    public func removeObserver(_ token: Int) {
        state.withLockedValue { _ = $0.observers.removeValue(forKey: token) }
    }
}
