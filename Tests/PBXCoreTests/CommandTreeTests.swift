import PBXCore
import Testing

/// Console command matching: the longest run of registered words wins, the
/// rest are arguments, and unknown lines fail the way Asterisk words it.
@Suite("CommandTree")
struct CommandTreeTests {
    /// A command whose output names itself and echoes its arguments.
    private static func echo(_ words: String, summary: String = "Echoes") -> CLICommand {
        CLICommand(words, summary: summary) { arguments in
            .ok("\(words)|\(arguments.joined(separator: ","))")
        }
    }

    private static func sipTree() -> CommandTree {
        let tree = CommandTree()
        tree.register(echo("sip show peers", summary: "List SIP peers"))
        tree.register(echo("sip show peer", summary: "Show details on specific SIP peer"))
        tree.register(echo("sip set debug on", summary: "Enable SIP debugging"))
        tree.register(echo("core show channels", summary: "Display information on channels"))
        return tree
    }

    @Test func longestRegisteredPrefixWins() throws {
        let tree = Self.sipTree()

        let peers = try #require(tree.match("sip show peers"))
        #expect(peers.command.name == "sip show peers")
        #expect(peers.arguments.isEmpty)

        let peer = try #require(tree.match("sip show peer alice"))
        #expect(peer.command.name == "sip show peer")
        #expect(peer.arguments == ["alice"])
    }

    @Test func wordsAfterTheCommandAreItsArguments() async {
        let tree = Self.sipTree()

        #expect(await tree.execute("core show channels concise") == .ok("core show channels|concise"))
        #expect(await tree.execute("sip show peer alice  extra") == .ok("sip show peer|alice,extra"))
        #expect(await tree.execute("  sip\tshow   peers \r\n") == .ok("sip show peers|"), "any run of blanks separates words")
    }

    @Test func aShorterCommandTakesTheRestAsArguments() throws {
        let tree = CommandTree()
        tree.register(Self.echo("database show"))
        tree.register(Self.echo("database show family"))

        #expect(try #require(tree.match("database show family cidname")).command.name == "database show family")
        let shorter = try #require(tree.match("database show famil"))
        #expect(shorter.command.name == "database show")
        #expect(shorter.arguments == ["famil"], "words are matched whole, never abbreviated")
    }

    @Test func unknownCommandFailsWithAsterisksWording() async {
        let tree = Self.sipTree()

        let result = await tree.execute("sip show nonsense")
        #expect(!result.success)
        #expect(result.output == "No such command 'sip show nonsense' (type 'core show help sip show nonsense' for other possible commands)\n")
        #expect(tree.match("sip") == nil, "a prefix of a command is no command")
        #expect(tree.match("") == nil)
    }

    @Test func emptyLineSucceedsWithNoOutput() async {
        #expect(await Self.sipTree().execute("   ") == .ok(""))
    }

    @Test func helpWithAPrefixListsThoseCommandsWithTheirSummaries() async {
        let tree = Self.sipTree()

        let result = await tree.execute("help sip show")
        #expect(result.success)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == ["sip show peer", "sip show peers"],
                "sorted by name")
        #expect(lines[0].hasSuffix(" -- Show details on specific SIP peer"))
        #expect(lines[1].hasSuffix(" -- List SIP peers"))
        // Summaries start in one column.
        #expect(Set(lines.compactMap { $0.range(of: " -- ")?.lowerBound.utf16Offset(in: $0) }).count == 1)
    }

    @Test func helpWithoutPrefixListsEverything() async {
        let tree = Self.sipTree()

        let all = await tree.execute("help")
        #expect(all.output.split(separator: "\n").count == 4)
        #expect(await tree.execute("core show help") == all)
    }

    @Test func helpForAnUnknownPrefixFails() async {
        let result = await Self.sipTree().execute("help voicemail")
        #expect(!result.success)
        #expect(result.output.contains("'voicemail'"))
    }

    @Test func unregisterRemovesExactlyThatCommand() async {
        let tree = Self.sipTree()
        tree.unregister("sip show peers")

        #expect(tree.commands.map(\.name) == ["core show channels", "sip set debug on", "sip show peer"])
        #expect(!(await tree.execute("sip show peers")).success, "\"peers\" is a word of its own, not \"peer\" plus more")
        #expect(await tree.execute("sip show peer bob") == .ok("sip show peer|bob"))
        tree.unregister("sip show peer")
        #expect(!(await tree.execute("sip show peer bob")).success)
        tree.unregister("no such thing")
        #expect(tree.commands.count == 2)
    }

    @Test func registeringTheSameWordsAgainReplacesTheCommand() async {
        let tree = CommandTree()
        tree.register(CLICommand("core show version", summary: "old") { _ in .ok("old") })
        tree.register(CLICommand("core  show version", summary: "new") { _ in .ok("new") })

        #expect(tree.commands.count == 1)
        #expect(await tree.execute("core show version") == .ok("new"))
    }

    @Test func failureFromAHandlerIsPassedOn() async {
        let tree = CommandTree()
        tree.register(CLICommand("module unload", summary: "Unload a module") { arguments in
            .failure("Unable to unload resource \(arguments.first ?? "")\n")
        })

        let result = await tree.execute("module unload chan_nothing.so")
        #expect(result == .failure("Unable to unload resource chan_nothing.so\n"))
    }
}
