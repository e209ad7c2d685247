@testable import Dialplan
import Foundation
import Logging
import PBXCore
import Testing

@Suite struct VoicemailApplicationTests {
    static let sounds = SoundLibrary(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sounds").path)
    static let prompts = ["vm-theperson", "digits/1", "digits/0", "vm-isunavail", "vm-isonphone", "vm-intro", "beep", "vm-saved",
                          "vm-goodbye", "vm-mailboxfull", "vm-password", "vm-incorrect", "vm-youhave", "vm-INBOX", "vm-message",
                          "vm-options", "vm-no", "vm-messages"]

    final class Fixture {
        let root = NSTemporaryDirectory() + "/vm-app-\(UUID().uuidString)"
        let service: VoicemailService

        init(settings: String = "") throws {
            try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
            let text = "[general]\n\(settings)\n[default]\n100 => 1234,Test User\n101 => 1111,Other User\n"
            try text.write(toFile: root + "/voicemail.conf", atomically: true, encoding: .utf8)
            let configuration = VoicemailConfiguration(file: ConfigFile.load(path: root + "/voicemail.conf"))
            let store = VoicemailStore(spoolRoot: root + "/voicemail", indexPath: root + "/data/index.sqlite3",
                                       mailboxes: MailboxStateRegistry(), logger: Logger(label: "test"))
            service = VoicemailService(configuration: configuration, configurationPath: root + "/voicemail.conf", store: store)
        }

        func call(_ channel: ScriptedInputChannel, exten: String = "8500") -> DialplanCall {
            DialplanCall(channel: channel, context: "default", exten: exten, priority: 1, sounds: VoicemailApplicationTests.sounds,
                         logger: Logger(label: "test"))
        }

        var inbox: [VoicemailSpool.StoredMessage] { service.store.messages(context: "default", mailbox: "100", folder: .inbox) }

        deinit { try? FileManager.default.removeItem(atPath: root) }
    }

    @Test func silenceEndsTheRecordingAndIsCutOff() async throws {
        let fixture = try Fixture(settings: "maxsilence=1\nminsecs=1")
        let channel = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 2, tone: true)
            + ScriptedInputChannel.frames(seconds: 1.2, tone: false) + ScriptedInputChannel.digits("9"))
        let result = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(channel), arguments: ["100@default", "u"])
        #expect(result == .proceed)
        #expect(channel.record[variable: "VMSTATUS"] == "SUCCESS")
        #expect(fixture.inbox.map(\.info.duration) == [2])
        #expect(channel.playedPrompts(Self.sounds, candidates: Self.prompts)
                == ["vm-theperson", "digits/1", "digits/0", "digits/0", "vm-isunavail", "vm-intro", "beep", "vm-saved", "vm-goodbye"])
    }

    @Test func aMessageShorterThanMinsecsIsDiscarded() async throws {
        let fixture = try Fixture(settings: "minsecs=2")
        let channel = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true) + ScriptedInputChannel.digits("#"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(channel), arguments: ["100@default", "b"])
        #expect(channel.record[variable: "VMSTATUS"] == "FAILED")
        #expect(fixture.inbox.isEmpty)
        #expect(channel.playedPrompts(Self.sounds, candidates: Self.prompts).contains("vm-isonphone"))
    }

    @Test func aFullMailboxIsRefusedWithAPrompt() async throws {
        let fixture = try Fixture(settings: "maxmsg=1")
        let first = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true) + ScriptedInputChannel.digits("#"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(first), arguments: ["100@default"])
        #expect(fixture.inbox.count == 1)
        let second = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(second), arguments: ["100@default"])
        #expect(second.record[variable: "VMSTATUS"] == "FAILED")
        #expect(second.playedPrompts(Self.sounds, candidates: Self.prompts) == ["vm-mailboxfull"])
        #expect(fixture.inbox.count == 1)
    }

    @Test func anUnknownMailboxFails() async throws {
        let fixture = try Fixture()
        let channel = ScriptedInputChannel(script: [])
        let result = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(channel), arguments: ["999@default"])
        #expect(result == .proceed)
        #expect(channel.record[variable: "VMSTATUS"] == "FAILED")
    }

    @Test func threeWrongPasswordsEndTheCall() async throws {
        let fixture = try Fixture()
        let channel = ScriptedInputChannel(script: ScriptedInputChannel.digits("1111#100#2222#100#3333#"))
        let result = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(channel, exten: "8501"),
                                                                                            arguments: ["100@default"])
        #expect(result == .hangUp(.normalClearing))
        let played = channel.playedPrompts(Self.sounds, candidates: Self.prompts)
        #expect(played.filter { $0 == "vm-incorrect" }.count == 3, "\(played)")
        #expect(played.last == "vm-goodbye")
    }

    @Test func theRightPasswordSaysTheCountsAndHashLeaves() async throws {
        let fixture = try Fixture()
        let channel = ScriptedInputChannel(script: ScriptedInputChannel.digits("1234##"))
        let result = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(channel, exten: "8501"),
                                                                                            arguments: ["100@default"])
        #expect(result == .hangUp(.normalClearing))
        #expect(channel.playedPrompts(Self.sounds, candidates: Self.prompts)
                == ["vm-password", "vm-youhave", "vm-no", "vm-messages", "vm-options", "vm-goodbye"])
    }

    @Test func theOwnerRecordsAnUnavailableGreetingThatVoiceMailThenPlays() async throws {
        let fixture = try Fixture()
        let script = ScriptedInputChannel.digits("1234#01") + ScriptedInputChannel.frames(seconds: 1, tone: true)
            + ScriptedInputChannel.digits("#*#")
        let owner = ScriptedInputChannel(script: script)
        let result = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(owner, exten: "8501"),
                                                                                          arguments: ["100@default"])
        #expect(result == .hangUp(.normalClearing))
        let greeting = fixture.root + "/voicemail/default/100/unavail.wav"
        let wav = try WAVReader(bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: greeting))))
        #expect(wav.data.count == 16_000, "1 s of 16-bit samples")

        let caller = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true) + ScriptedInputChannel.digits("#"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(caller), arguments: ["100@default", "u"])
        let played = caller.playedPrompts(Self.sounds, candidates: Self.prompts)
        #expect(played.first == "(8000 bytes)", "the recorded greeting in µ-law: \(played)")
        #expect(!played.contains("vm-isunavail"))
        #expect(caller.record[variable: "VMSTATUS"] == "SUCCESS")
    }

    @Test func changingThePasswordRewritesVoicemailConf() async throws {
        let fixture = try Fixture()
        let owner = ScriptedInputChannel(script: ScriptedInputChannel.digits("1234#054321#4321#*#"))
        _ = try await VoiceMailMainApplication(service: fixture.service).execute(fixture.call(owner, exten: "8501"),
                                                                                 arguments: ["100@default"])
        let text = try String(contentsOfFile: fixture.root + "/voicemail.conf", encoding: .utf8)
        #expect(text.contains("100 => 4321,Test User"), "\(text)")
        #expect(fixture.service.configuration.user("100", context: "default")?.password == "4321")
        let reread = VoicemailConfiguration(file: ConfigFile.load(path: fixture.root + "/voicemail.conf"))
        #expect(reread.errors.isEmpty && reread.user("100", context: "default")?.password == "4321")
    }

    @Test func oneMessageIsLeftInEveryMailboxNamed() async throws {
        let fixture = try Fixture()
        let channel = ScriptedInputChannel(script: ScriptedInputChannel.frames(seconds: 1, tone: true) + ScriptedInputChannel.digits("#"))
        _ = try await VoiceMailApplication(service: fixture.service).execute(fixture.call(channel),
                                                                           arguments: ["100@default&101@default", "u"])
        #expect(fixture.inbox.count == 1)
        let other = fixture.service.store.messages(context: "default", mailbox: "101", folder: .inbox)
        #expect(other.map(\.info.originalMailbox) == ["101"])
        #expect(fixture.service.store.counts(context: "default", mailbox: "101") == MailboxCounts(new: 1, old: 0))
    }
}
