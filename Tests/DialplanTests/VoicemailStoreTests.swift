@testable import Dialplan
import Foundation
import Logging
import NIOConcurrencyHelpers
import PBXCore
import Testing

@Suite struct VoicemailStoreTests {
    final class Fixture {
        let root: String
        let registry = MailboxStateRegistry()
        let published = NIOLockedValueBox<[String]>([])

        init() throws {
            root = NSTemporaryDirectory() + "/vm-store-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
            let published = self.published
            _ = registry.addObserver { mailbox, counts in published.withLockedValue { $0.append("\(mailbox) \(counts.new)/\(counts.old)") } }
        }

        func store() -> VoicemailStore {
            VoicemailStore(spoolRoot: root + "/voicemail", indexPath: root + "/data/voicemail.sqlite3", mailboxes: registry,
                           logger: Logger(label: "test"))
        }

        /// A finished 0.5 s recording in the mailbox's tmp directory.
        func recording(in store: VoicemailStore) throws -> String {
            let path = try store.temporaryRecording(context: "default", mailbox: "100")
            let file = try RecordingFile(path: path)
            try file.append([Int16](repeating: 100, count: 4000))
            try file.finish()
            return path
        }

        static func info(time: Int) -> VoicemailMessageInfo {
            VoicemailMessageInfo(originalMailbox: "100", context: "default", exten: "8500", callerChannel: "SIP/x-1",
                                 callerID: "\"Caller\" <5551000>", originalTime: time, duration: 1)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func deliverCountDeleteAndMovePublishCounts() throws {
        let fixture = try Fixture()
        let store = fixture.store()
        #expect(try store.deliver(recording: fixture.recording(in: store), info: Fixture.info(time: 1), context: "default",
                                  mailbox: "100", maxMessages: 2) == 0)
        #expect(try store.deliver(recording: fixture.recording(in: store), info: Fixture.info(time: 2), context: "default",
                                  mailbox: "100", maxMessages: 2) == 1)
        // Full: the third is refused and nothing changes.
        #expect(try store.deliver(recording: fixture.recording(in: store), info: Fixture.info(time: 3), context: "default",
                                  mailbox: "100", maxMessages: 2) == nil)
        #expect(store.counts(context: "default", mailbox: "100") == MailboxCounts(new: 2, old: 0))
        let inbox = store.messages(context: "default", mailbox: "100", folder: .inbox)
        #expect(inbox.map(\.number) == [0, 1])
        #expect(inbox.first?.info.callerNumber == "5551000")
        try store.move(inbox[0], to: .old)
        store.delete(inbox[1])
        #expect(store.counts(context: "default", mailbox: "100") == MailboxCounts(new: 0, old: 1))
        #expect(fixture.published.withLockedValue { $0 } == ["100@default 1/0", "100@default 2/0", "100@default 1/1", "100@default 0/1"])
        let old = fixture.root + "/voicemail/default/100/Old"
        #expect(try FileManager.default.contentsOfDirectory(atPath: old).sorted() == ["msg0000.txt", "msg0000.wav"])
    }

    @Test func aMissingOrStaleIndexIsRebuiltFromTheSpool() throws {
        let fixture = try Fixture()
        do {
            let store = fixture.store()
            _ = try store.deliver(recording: fixture.recording(in: store), info: Fixture.info(time: 1), context: "default",
                                  mailbox: "100", maxMessages: 10)
        }
        // A message whose .txt never got written is not a message.
        let inbox = fixture.root + "/voicemail/default/100/INBOX"
        #expect(FileManager.default.createFile(atPath: inbox + "/msg0001.wav", contents: Data([1, 2, 3])))
        try FileManager.default.removeItem(atPath: fixture.root + "/data/voicemail.sqlite3")
        #expect(fixture.store().counts(context: "default", mailbox: "100") == MailboxCounts(new: 1, old: 0))

        // Files removed behind the index's back: the index follows the spool.
        try FileManager.default.removeItem(atPath: inbox + "/msg0000.txt")
        #expect(fixture.store().counts(context: "default", mailbox: "100") == .empty)
    }

    @Test func abandonedRecordingsAreRemovedAtStart() throws {
        let fixture = try Fixture()
        let store = fixture.store()
        let path = try store.temporaryRecording(context: "default", mailbox: "100")
        #expect(FileManager.default.createFile(atPath: path, contents: Data([0])))
        _ = fixture.store()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func messageInfoRoundTripsThroughItsText() throws {
        let info = Fixture.info(time: 1_763_717_400)
        #expect(info.text.contains("[message]\norigmailbox=100\n"))
        #expect(info.text.contains("origdate=Fri Nov 21 09:30:00 AM UTC 2025"), "\(info.text)")
        #expect(VoicemailMessageInfo(text: info.text, path: "msg0000.txt") == info)
        #expect(VoicemailMessageInfo(text: "[other]\nx=1\n", path: "bad.txt") == nil)
    }
}
