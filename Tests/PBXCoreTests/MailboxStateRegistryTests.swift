import NIOConcurrencyHelpers
import PBXCore
import Testing

@Suite struct MailboxStateRegistryTests {
    @Test func observersHearChangesOnlyAndNamesAreCanonical() {
        let registry = MailboxStateRegistry()
        let heard = NIOLockedValueBox<[String]>([])
        let token = registry.addObserver { mailbox, counts in
            heard.withLockedValue { $0.append("\(mailbox) \(counts.new)/\(counts.old)") }
        }
        registry.publish("100", counts: MailboxCounts(new: 1, old: 0))
        registry.publish("100@Default", counts: MailboxCounts(new: 1, old: 0))
        registry.publish("100@default", counts: MailboxCounts(new: 0, old: 1))
        #expect(heard.withLockedValue { $0 } == ["100@default 1/0", "100@default 0/1"])
        #expect(registry.counts(of: "100") == MailboxCounts(new: 0, old: 1))
        registry.removeObserver(token)
        registry.publish("100", counts: .empty)
        #expect(heard.withLockedValue { $0.count } == 2)
        #expect(registry.counts(of: "200@other") == nil)
    }
}
