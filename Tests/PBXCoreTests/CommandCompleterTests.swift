import PBXCore
import Testing

@Suite struct CommandCompleterTests {
    static func tree() -> [CLICommand] {
        let ok: @Sendable ([String]) async -> CLIResult = { _ in .ok("") }
        return [
            CLICommand("sip show peers", summary: "", handler: ok),
            CLICommand("sip show peer", summary: "", arguments: [.values { ["dev1", "dev2", "alice"] }], handler: ok),
            CLICommand("sip show settings", summary: "", handler: ok),
            CLICommand("sip set debug on", summary: "", handler: ok),
            CLICommand("sip set debug off", summary: "", handler: ok),
            CLICommand("core show channels", summary: "", arguments: [.choice(["concise", "verbose"])], handler: ok),
            CLICommand("module unload", summary: "", arguments: [.values { ["chan_sip", "pbx_config"] }], handler: ok),
        ]
    }

    let completer = CommandCompleter(commands: CommandCompleterTests.tree())

    @Test func firstWords() {
        #expect(completer.candidates(for: "") == ["core", "help", "module", "sip"])
        #expect(completer.candidates(for: "s") == ["sip"])
        #expect(completer.candidates(for: "sip ") == ["set", "show"])
    }

    @Test func fixedWordsInTheMiddle() {
        #expect(completer.candidates(for: "sip show p") == ["peer", "peers"])
        #expect(completer.candidates(for: "sip show pe") == ["peer", "peers"])
        #expect(completer.candidates(for: "sip show s") == ["settings"])
        #expect(completer.candidates(for: "sip set debug ") == ["off", "on"])
        #expect(completer.candidates(for: "sip shw ").isEmpty)
    }

    @Test func argumentsFromLookups() {
        #expect(completer.candidates(for: "sip show peer ") == ["alice", "dev1", "dev2"])
        #expect(completer.candidates(for: "sip show peer d") == ["dev1", "dev2"])
        #expect(completer.candidates(for: "module unload c") == ["chan_sip"])
        #expect(completer.candidates(for: "core show channels c") == ["concise"])
        // Past the last argument there is nothing more to offer.
        #expect(completer.candidates(for: "sip show peer dev1 ").isEmpty)
        #expect(completer.candidates(for: "sip show peers ").isEmpty)
    }

    @Test func helpCompletesCommandNames() {
        #expect(completer.candidates(for: "he") == ["help"])
        #expect(completer.candidates(for: "help sip s") == ["set", "show"])
    }

    @Test func commonPrefix() {
        #expect(CommandCompleter.commonPrefix(["peer", "peers"]) == "peer")
        #expect(CommandCompleter.commonPrefix(["dev1", "dev2"]) == "dev")
        #expect(CommandCompleter.commonPrefix(["on", "off"]) == "o")
        #expect(CommandCompleter.commonPrefix([]) == "")
    }
}
