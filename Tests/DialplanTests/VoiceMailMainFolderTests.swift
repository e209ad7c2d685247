@testable import Dialplan
import Foundation
import PBXCore
import Testing

/// VoiceMailMain's folder keys: 9 saves the current message into a folder,
/// 2 changes folder, 3 then 5 reads the envelope.
@Suite struct VoiceMailMainFolderTests {
    static let prompts = VoicemailApplicationTests.prompts
        + ["vm-savefolder", "vm-changeto", "vm-Work", "vm-advopts", "vm-received", "vm-from", "vm-first",
           "digits/1", "digits/2", "digits/5"]

    static func leaveMessage(_ fixture: VoicemailApplicationTests.Fixture) async throws {
        let caller = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true) + ScriptedInputChannel.digits("#"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(caller), arguments: ["100@default", "u"])
        #expect(caller.record[variable: "VMSTATUS"] == "SUCCESS")
    }

    @Test func saveToWorkThenChangeToWorkAndHearTheEnvelope() async throws {
        let fixture = try VoicemailApplicationTests.Fixture()
        try await Self.leaveMessage(fixture)
        try await Self.leaveMessage(fixture)
        #expect(fixture.inbox.count == 2)

        // Log in, 1 listen to the first, 9 2 save it to Work, 2 2 change to
        // Work, 3 5 envelope of its message, # leave.
        let owner = ScriptedInputChannel(script: ScriptedInputChannel.digits("1234#" + "1" + "92" + "22" + "35" + "#"))
        let result = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(owner, exten: "8501"),
                                                                                          arguments: ["100@default"])
        #expect(result == .hangUp(.normalClearing))
        let store = fixture.service.store
        let work = store.messages(context: "default", mailbox: "100", folder: .work)
        #expect(work.count == 1)
        #expect(work.first?.info.callerNumber == "5551000")
        // The second message was never heard: it stays new.
        #expect(fixture.inbox.count == 1)
        #expect(store.counts(context: "default", mailbox: "100").new == 1)

        let played = owner.playedPrompts(VoicemailApplicationTests.sounds, candidates: Self.prompts)
        let wanted = ["vm-savefolder", "vm-saved", "vm-changeto", "vm-Work", "vm-advopts", "vm-received", "vm-from", "vm-goodbye"]
        var position = played.startIndex
        for name in wanted {
            // In this order, with anything in between (digits, the message itself).
            guard let found = played[position...].firstIndex(of: name) else {
                Issue.record("\(name) not played after position \(position): \(played)")
                return
            }
            position = played.index(after: found)
        }
    }

    @Test func aFolderKeyOutsideZeroToFourChangesNothing() async throws {
        let fixture = try VoicemailApplicationTests.Fixture()
        try await Self.leaveMessage(fixture)
        let owner = ScriptedInputChannel(script: ScriptedInputChannel.digits("1234#" + "1" + "98" + "#"))
        _ = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(owner, exten: "8501"),
                                                                                 arguments: ["100@default"])
        // Heard but not saved anywhere else: INBOX → Old on leaving, as Asterisk does.
        #expect(fixture.inbox.isEmpty)
        #expect(fixture.service.store.messages(context: "default", mailbox: "100", folder: .old).count == 1)
        #expect(fixture.service.store.messages(context: "default", mailbox: "100", folder: .work).isEmpty)
    }
}
