import Foundation

/// Asterisk's voicemail spool on disk: `ROOT/CONTEXT/BOX/FOLDER/msgNNNN.wav`
/// with `msgNNNN.txt` beside it. A message exists once its `.txt` does: the
/// `.wav` is put in place first and the `.txt` last, each written under a
/// temporary name, flushed to disk and renamed, so a crash at any moment
/// leaves every earlier message whole.
public struct VoicemailSpool: Sendable {
    /// `spooldir/voicemail`.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// A message as found on disk.
    public struct StoredMessage: Sendable, Equatable {
        public var context: String
        public var mailbox: String
        public var folder: VoicemailFolder
        public var number: Int
        public var info: VoicemailMessageInfo
    }

    public func mailboxDirectory(context: String, mailbox: String) -> String {
        "\(root)/\(context)/\(mailbox)"
    }

    public func folderDirectory(context: String, mailbox: String, folder: VoicemailFolder) -> String {
        mailboxDirectory(context: context, mailbox: mailbox) + "/" + folder.directoryName
    }

    /// `.../msg0003` without extension.
    public func messageStem(context: String, mailbox: String, folder: VoicemailFolder, number: Int) -> String {
        folderDirectory(context: context, mailbox: mailbox, folder: folder) + "/msg" + Self.fourDigits(number)
    }

    static func fourDigits(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    /// Complete messages of one folder (both files present, `.txt` readable), by number.
    public func messages(context: String, mailbox: String, folder: VoicemailFolder) -> [StoredMessage] {
        let directory = folderDirectory(context: context, mailbox: mailbox, folder: folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let numbers = names.compactMap { name -> Int? in
            guard name.hasPrefix("msg"), name.hasSuffix(".txt") else { return nil }
            return Int(name.dropFirst(3).dropLast(4))
        }.sorted()
        return numbers.compactMap { number in
            let stem = messageStem(context: context, mailbox: mailbox, folder: folder, number: number)
            guard FileManager.default.fileExists(atPath: stem + ".wav"),
                  let text = try? String(contentsOfFile: stem + ".txt", encoding: .utf8),
                  let info = VoicemailMessageInfo(text: text, path: stem + ".txt") else { return nil }
            return StoredMessage(context: context, mailbox: mailbox, folder: folder, number: number, info: info)
        }
    }

    /// Every complete message of every mailbox under the root.
    public func allMessages() -> [StoredMessage] {
        let files = FileManager.default
        var found: [StoredMessage] = []
        for context in ((try? files.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            for mailbox in ((try? files.contentsOfDirectory(atPath: root + "/" + context)) ?? []).sorted() {
                for folder in VoicemailFolder.allCases {
                    found += messages(context: context, mailbox: mailbox, folder: folder)
                }
            }
        }
        return found
    }

    /// The lowest number not used in the folder (Asterisk fills from 0).
    public func nextNumber(context: String, mailbox: String, folder: VoicemailFolder) -> Int {
        let used = Set(messages(context: context, mailbox: mailbox, folder: folder).map(\.number))
        var number = 0
        while used.contains(number) { number += 1 }
        return number
    }

    /// Where a recording in progress is written (`BOX/tmp/`), made if needed.
    public func temporaryFile(context: String, mailbox: String) throws -> String {
        let directory = mailboxDirectory(context: context, mailbox: mailbox) + "/tmp"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/rec-\(UInt64.random(in: 0...UInt64.max)).wav"
    }

    /// Moves a finished recording (already flushed) in as message `number`
    /// of `folder`, then writes its `.txt`: the message appears whole or not at all.
    public func install(recording: String, info: VoicemailMessageInfo, context: String, mailbox: String,
                        folder: VoicemailFolder, number: Int) throws {
        let directory = folderDirectory(context: context, mailbox: mailbox, folder: folder)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = messageStem(context: context, mailbox: mailbox, folder: folder, number: number)
        try DurableFile.rename(recording, to: stem + ".wav")
        try DurableFile.write(Array(info.text.utf8), to: stem + ".txt")
    }

    /// Removes a message: the `.txt` first, so a crash leaves no half message.
    public func remove(_ message: StoredMessage) {
        let stem = messageStem(context: message.context, mailbox: message.mailbox, folder: message.folder, number: message.number)
        unlink(stem + ".txt")
        unlink(stem + ".wav")
        DurableFile.syncDirectory(of: stem + ".txt")
    }

    /// Moves a message to the end of another folder; returns its new number.
    public func move(_ message: StoredMessage, to folder: VoicemailFolder) throws -> Int {
        let number = nextNumber(context: message.context, mailbox: message.mailbox, folder: folder)
        let from = messageStem(context: message.context, mailbox: message.mailbox, folder: message.folder, number: message.number)
        let directory = folderDirectory(context: message.context, mailbox: message.mailbox, folder: folder)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let to = messageStem(context: message.context, mailbox: message.mailbox, folder: folder, number: number)
        // The copy's .txt last makes it exist; the original's .txt first unmakes it.
        try DurableFile.rename(from + ".wav", to: to + ".wav")
        try DurableFile.rename(from + ".txt", to: to + ".txt")
        return number
    }

    /// Renumbers a folder's messages to 0, 1, 2... as Asterisk does on leaving the mailbox.
    public func resequence(context: String, mailbox: String, folder: VoicemailFolder) {
        for (index, message) in messages(context: context, mailbox: mailbox, folder: folder).enumerated() where message.number != index {
            let from = messageStem(context: context, mailbox: mailbox, folder: folder, number: message.number)
            let to = messageStem(context: context, mailbox: mailbox, folder: folder, number: index)
            try? DurableFile.rename(from + ".wav", to: to + ".wav")
            try? DurableFile.rename(from + ".txt", to: to + ".txt")
        }
    }

    /// A personal greeting (`unavail`, `busy`, `greet`), if recorded.
    public func greeting(_ name: String, context: String, mailbox: String) -> String? {
        let path = mailboxDirectory(context: context, mailbox: mailbox) + "/" + name + ".wav"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Deletes recordings a crash left in `tmp/` (never a message).
    public func removeAbandonedRecordings() -> Int {
        var removed = 0
        for key in Set(allMailboxes()) {
            let directory = mailboxDirectory(context: key.context, mailbox: key.mailbox) + "/tmp"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix("rec-") {
                if unlink(directory + "/" + name) == 0 { removed += 1 }
            }
        }
        return removed
    }

    /// Every `CONTEXT/BOX` directory under the root.
    public func allMailboxes() -> [MailboxKey] {
        let files = FileManager.default
        var keys: [MailboxKey] = []
        for context in (try? files.contentsOfDirectory(atPath: root)) ?? [] {
            for mailbox in (try? files.contentsOfDirectory(atPath: root + "/" + context)) ?? [] {
                keys.append(MailboxKey(context: context, mailbox: mailbox))
            }
        }
        return keys
    }

    public struct MailboxKey: Sendable, Hashable {
        public var context: String
        public var mailbox: String
    }
}
