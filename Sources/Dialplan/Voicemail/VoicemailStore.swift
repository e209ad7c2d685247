import Logging
import NIOConcurrencyHelpers
import PBXCore

/// The voicemail spool and its index together, and the one place mailbox
/// counts are published from (to the PBX's mailbox registry, for MWI).
/// Changes to mailboxes are serialised by a lock.
public final class VoicemailStore: Sendable {
    public let spool: VoicemailSpool
    private let index: VoicemailIndex?
    private let mailboxes: MailboxStateRegistry
    private let logger: Logger
    private let lock = NIOLock()

    /// Opens the index at `indexPath`, checks it against the spool and
    /// rebuilds it when it is missing or disagrees; clears abandoned recordings.
    public init(spoolRoot: String, indexPath: String, mailboxes: MailboxStateRegistry, logger: Logger) {
        spool = VoicemailSpool(root: spoolRoot)
        self.mailboxes = mailboxes
        self.logger = logger
        let abandoned = spool.removeAbandonedRecordings()
        if abandoned > 0 { logger.notice("Voicemail: removed \(abandoned) unfinished recording(s)") }
        do {
            let index = try VoicemailIndex(path: indexPath)
            if try index.synchronize(with: spool.allMessages()) {
                logger.notice("Voicemail index \(indexPath) rebuilt from the spool")
            }
            self.index = index
        } catch {
            logger.error("Voicemail index \(indexPath) unusable (\(error)); counting from the spool")
            self.index = nil
        }
    }

    /// New and old messages of a mailbox.
    public func counts(context: String, mailbox: String) -> MailboxCounts {
        lock.withLock { unlockedCounts(context: context, mailbox: mailbox) }
    }

    private func unlockedCounts(context: String, mailbox: String) -> MailboxCounts {
        if let index, let counts = try? index.counts(context: context, mailbox: mailbox) { return counts }
        return MailboxCounts(new: spool.messages(context: context, mailbox: mailbox, folder: .inbox).count,
                             old: spool.messages(context: context, mailbox: mailbox, folder: .old).count)
    }

    public func messages(context: String, mailbox: String, folder: VoicemailFolder) -> [VoicemailSpool.StoredMessage] {
        lock.withLock { spool.messages(context: context, mailbox: mailbox, folder: folder) }
    }

    /// A fresh temporary file for a recording into this mailbox.
    public func temporaryRecording(context: String, mailbox: String) throws -> String {
        try spool.temporaryFile(context: context, mailbox: mailbox)
    }

    /// Installs a finished recording as the next INBOX message, unless the
    /// mailbox holds `maxMessages` already; returns its number.
    public func deliver(recording: String, info: VoicemailMessageInfo, context: String, mailbox: String,
                        maxMessages: Int) throws -> Int? {
        try lock.withLock { () throws -> Int? in
            let number = spool.nextNumber(context: context, mailbox: mailbox, folder: .inbox)
            guard number < maxMessages else { return nil }
            try spool.install(recording: recording, info: info, context: context, mailbox: mailbox, folder: .inbox, number: number)
            changed(context: context, mailbox: mailbox)
            return number
        }
    }

    public func delete(_ message: VoicemailSpool.StoredMessage) {
        lock.withLock {
            spool.remove(message)
            changed(context: message.context, mailbox: message.mailbox)
        }
    }

    @discardableResult
    public func move(_ message: VoicemailSpool.StoredMessage, to folder: VoicemailFolder) throws -> Int {
        try lock.withLock {
            let number = try spool.move(message, to: folder)
            changed(context: message.context, mailbox: message.mailbox)
            return number
        }
    }

    /// Renumbers every folder of a mailbox (when the owner leaves VoiceMailMain).
    public func resequence(context: String, mailbox: String) {
        lock.withLock {
            for folder in VoicemailFolder.allCases { spool.resequence(context: context, mailbox: mailbox, folder: folder) }
            changed(context: context, mailbox: mailbox)
        }
    }

    /// Publishes the counts of every configured mailbox (at load and reload).
    public func publish(_ users: [VoicemailUser]) {
        for user in users {
            mailboxes.publish(user.address, counts: counts(context: user.context, mailbox: user.mailbox))
        }
    }

    /// After a change, with the lock held: re-index the mailbox, publish its counts.
    private func changed(context: String, mailbox: String) {
        let messages = VoicemailFolder.allCases.flatMap { spool.messages(context: context, mailbox: mailbox, folder: $0) }
        do {
            try index?.replace(context: context, mailbox: mailbox, with: messages)
        } catch {
            logger.error("Voicemail index update failed for \(mailbox)@\(context): \(error)")
        }
        // The folders just read give the counts; no need to ask the index again.
        let counts = MailboxCounts(new: messages.filter { $0.folder == .inbox }.count, old: messages.filter { $0.folder == .old }.count)
        mailboxes.publish("\(mailbox)@\(context)", counts: counts)
    }
}
