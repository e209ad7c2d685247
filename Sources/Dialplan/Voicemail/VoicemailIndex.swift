import PBXCore

/// The voicemail index in SQLite (`datadir/voicemail.sqlite3`): one row per
/// message, so counts need no directory scan. The spool is the truth; the
/// index is checked against it at load and rebuilt when it is missing or
/// disagrees, and each mailbox's rows are replaced after every change.
final class VoicemailIndex: Sendable {
    private let database: SQLiteDatabase

    init(path: String) throws(SQLiteError) {
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS messages (
                context TEXT NOT NULL, mailbox TEXT NOT NULL, folder TEXT NOT NULL, msgnum INTEGER NOT NULL,
                callerid TEXT NOT NULL, origtime INTEGER NOT NULL, duration INTEGER NOT NULL,
                PRIMARY KEY (context, mailbox, folder, msgnum));
            """)
    }

    struct Row: Hashable {
        var context: String
        var mailbox: String
        var folder: String
        var number: Int
        var callerID: String
        var originalTime: Int
        var duration: Int

        init(_ message: VoicemailSpool.StoredMessage) {
            context = message.context
            mailbox = message.mailbox
            folder = message.folder.directoryName
            number = message.number
            callerID = message.info.callerID
            originalTime = message.info.originalTime
            duration = message.info.duration
        }

        init?(_ values: [SQLiteValue]) {
            guard values.count == 7, let context = values[0].text, let mailbox = values[1].text, let folder = values[2].text,
                  let number = values[3].integer, let callerID = values[4].text, let time = values[5].integer,
                  let duration = values[6].integer else { return nil }
            self.context = context
            self.mailbox = mailbox
            self.folder = folder
            self.number = Int(number)
            self.callerID = callerID
            self.originalTime = Int(time)
            self.duration = Int(duration)
        }

        var parameters: [SQLiteValue] {
            [.text(context), .text(mailbox), .text(folder), .integer(Int64(number)), .text(callerID),
             .integer(Int64(originalTime)), .integer(Int64(duration))]
        }
    }

    private static let insert = "INSERT OR REPLACE INTO messages VALUES (?, ?, ?, ?, ?, ?, ?)"

    /// Every row.
    func rows() throws -> Set<Row> {
        Set(try database.query("SELECT context, mailbox, folder, msgnum, callerid, origtime, duration FROM messages")
            .compactMap(Row.init))
    }

    /// Makes the index hold exactly `messages`; returns whether it had to change.
    @discardableResult
    func synchronize(with messages: [VoicemailSpool.StoredMessage]) throws -> Bool {
        let wanted = Set(messages.map(Row.init))
        if (try? rows()) == wanted { return false }
        try database.transaction { transaction in
            try transaction.run("DELETE FROM messages")
            for row in wanted { try transaction.run(Self.insert, row.parameters) }
        }
        return true
    }

    /// Replaces one mailbox's rows with `messages`.
    func replace(context: String, mailbox: String, with messages: [VoicemailSpool.StoredMessage]) throws {
        try database.transaction { transaction in
            try transaction.run("DELETE FROM messages WHERE context = ? AND mailbox = ?", [.text(context), .text(mailbox)])
            for message in messages { try transaction.run(Self.insert, Row(message).parameters) }
        }
    }

    /// New (INBOX) and old (Old) counts, as Asterisk's MWI counts them, of one mailbox.
    func counts(context: String, mailbox: String) throws -> MailboxCounts {
        let rows = try database.query("SELECT folder, COUNT(*) FROM messages WHERE context = ? AND mailbox = ? GROUP BY folder",
                                      [.text(context), .text(mailbox)])
        var counts = MailboxCounts.empty
        for row in rows {
            let count = Int(row.last?.integer ?? 0)
            switch row.first?.text {
            case VoicemailFolder.inbox.directoryName: counts.new += count
            case VoicemailFolder.old.directoryName: counts.old += count
            default: break
            }
        }
        return counts
    }
}
