@testable import Dialplan
import PBXCore
import Testing

@Suite struct VoicemailConfigurationTests {
    static func parse(_ text: String) -> VoicemailConfiguration {
        VoicemailConfiguration(file: ConfigFile.parse(text: text, path: "voicemail.conf"))
    }

    @Test func generalSettingsAndMailboxesAreTyped() {
        let configuration = Self.parse("""
            [general]
            format=wav49|gsm|wav
            maxmsg=50
            maxsecs=120
            minsecs=2
            maxsilence=5
            silencethreshold=200

            [default]
            100 => 1234,Full Name,someone@example.com
            101 => 4321,Other Person,,,tz=central

            [sales]
            100 => 9999,Sales Box
            """)
        #expect(configuration.errors.isEmpty)
        #expect(configuration.settings.maxMessages == 50)
        #expect(configuration.settings.maxSeconds == 120)
        #expect(configuration.settings.minSeconds == 2)
        #expect(configuration.settings.maxSilence == 5)
        #expect(configuration.settings.silenceThreshold == 200)
        #expect(configuration.users.count == 3)
        #expect(configuration.user("100", context: "default")
                == VoicemailUser(context: "default", mailbox: "100", password: "1234", fullName: "Full Name",
                                 email: "someone@example.com"))
        #expect(configuration.user("101", context: "default")?.zone == "central")
        #expect(configuration.user("100", context: "sales")?.password == "9999")
        #expect(configuration.user("102", context: "default") == nil)
    }

    @Test func badValuesNameFileAndLineAndTheRestLoads() {
        let configuration = Self.parse("""
            [general]
            maxmsg=lots
            format=mp3
            colour=blue

            [default]
            100 => 12ab,Bad Password
            101 => 1111,Good
            101 => 2222,Duplicate
            """)
        let errors = configuration.errors.map(\.description)
        #expect(errors.contains("voicemail.conf:2: maxmsg needs a whole number from 1 to 9999 'lots'"), "\(errors)")
        #expect(errors.contains("voicemail.conf:3: unsupported voicemail format 'mp3'"))
        #expect(errors.contains("voicemail.conf:7: voicemail password must be digits '12ab'"))
        #expect(errors.contains("voicemail.conf:9: duplicate mailbox '101@default'"))
        #expect(configuration.notices.map(\.description) == ["voicemail.conf:4: unknown voicemail.conf setting 'colour'"])
        #expect(configuration.users.map(\.mailbox) == ["101"])
        #expect(configuration.settings.maxMessages == VoicemailSettings().maxMessages)
    }

    @Test func showUsersHasAsterisksColumns() {
        let users = [VoicemailUser(context: "default", mailbox: "100", password: "1", fullName: "Full Name"),
                     VoicemailUser(context: "other", mailbox: "7", password: "1", fullName: "Seven", zone: "eastern")]
        let all = VoicemailModule.renderUsers(users, context: nil) { $0.mailbox == "100" ? 12 : 0 }
        #expect(all == """
            Context    Mbox  User                      Zone       NewMsg
            default    100   Full Name                                12
            other      7     Seven                     eastern         0
            2 voicemail users configured.

            """)
        let some = VoicemailModule.renderUsers(users, context: "other") { _ in 0 }
        #expect(some.hasSuffix("1 voicemail users configured.\n"))
        #expect(!some.contains("default"))
    }

    @Test func countsAreSpokenAsPrompts() {
        #expect(VoicemailPrompter.countAnnouncement(MailboxCounts(new: 1, old: 0)) == ["vm-youhave", "digits/1", "vm-INBOX", "vm-message"])
        #expect(VoicemailPrompter.countAnnouncement(MailboxCounts(new: 2, old: 1))
                == ["vm-youhave", "digits/2", "vm-INBOX", "vm-and", "digits/1", "vm-Old", "vm-messages"])
        #expect(VoicemailPrompter.countAnnouncement(.empty) == ["vm-youhave", "vm-no", "vm-messages"])
        #expect(VoicemailService.parseMailbox("100") ?? ("", "") == ("100", "default"))
        #expect(VoicemailService.parseMailbox("100@sales") ?? ("", "") == ("100", "sales"))
        #expect(VoicemailService.parseMailbox("") == nil)
    }
}
