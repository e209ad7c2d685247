@testable import Channels
import PBXCore
import Testing

@Suite struct MessageSummaryTests {
    @Test func bodyFollowsRFC3842() {
        let summary = MessageSummary(account: "sip:100@[::1]:5060", counts: MailboxCounts(new: 2, old: 1))
        #expect(summary.body == "Messages-Waiting: yes\r\nMessage-Account: sip:100@[::1]:5060\r\nVoice-Message: 2/1 (0/0)\r\n")
        let none = MessageSummary(account: "sip:100@127.0.0.1", counts: MailboxCounts(new: 0, old: 3))
        #expect(none.body.hasPrefix("Messages-Waiting: no\r\n"))
    }

    @Test func mailboxSettingNamesOneOrMoreBoxes() {
        #expect(MessageSummary.mailboxes(in: "100@default") == ["100@default"])
        #expect(MessageSummary.mailboxes(in: "100") == ["100@default"])
        #expect(MessageSummary.mailboxes(in: "100@Sales, 101&102@x") == ["100@sales", "101@default", "102@x"])
        #expect(MessageSummary.mailboxes(in: nil).isEmpty)
        #expect(MessageSummary.mailboxes(in: " ").isEmpty)
    }
}
