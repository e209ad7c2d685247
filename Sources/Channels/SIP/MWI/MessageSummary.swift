import PBXCore

/// The `application/simple-message-summary` body of RFC 3842:
///
///     Messages-Waiting: yes
///     Message-Account: sip:100@192.0.2.1
///     Voice-Message: 2/1 (0/0)
///
/// Pure value.
struct MessageSummary: Equatable {
    static let contentType = "application/simple-message-summary"
    static let event = "message-summary"

    var account: String
    var counts: MailboxCounts

    var body: String {
        "Messages-Waiting: \(counts.isWaiting ? "yes" : "no")\r\n"
            + "Message-Account: \(account)\r\n"
            + "Voice-Message: \(counts.new)/\(counts.old) (0/0)\r\n"
    }

    /// The mailboxes a peer's `mailbox=` names (`100@default`, `100&101`,
    /// `100,101@other`), canonical (`BOX@CONTEXT`, lower case).
    static func mailboxes(in setting: String?) -> [String] {
        guard let setting else { return [] }
        return setting.split(whereSeparator: { $0 == "," || $0 == "&" })
            .map { $0.trimmingCharacters(in: " \t") }
            .filter { !$0.isEmpty }
            .map(MailboxStateRegistry.canonical)
    }
}
