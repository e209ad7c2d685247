import Foundation
import Testing

extension IntegrationSuite {
    /// The consoles driven through a real terminal (tmux), keys and all.
    @Suite("Console: line editing, completion, history, log output")
    struct ConsoleTerminalTests {
        static func home() throws -> URL { try TestEnvironment.temporaryDirectory("home") }

        static func remoteConsole(_ pbx: PBXProcess, home: URL) throws -> TmuxTerminal {
            let terminal = try TmuxTerminal([TestEnvironment.binary.path, "-C", pbx.directory.path, "-r"],
                                            environment: ["HOME": home.path, "TERM": "xterm"])
            #expect(terminal.waitUntil { $0.contains("*CLI>") }, "no prompt:\n\(terminal.screen)")
            return terminal
        }

        @Test("-r: Tab completes sip show p, history recalls, log lines leave the typed line intact, Ctrl-D detaches")
        func remoteConsole() throws {
            let port = TestEnvironment.ports()
            let pbx = try PBXProcess(files: Configs.dualStack(port: port, rtpStart: port + 1000), name: "console")
            defer { pbx.stop() }
            let home = try Self.home()
            let terminal = try Self.remoteConsole(pbx, home: home)
            defer { terminal.close() }
            #expect(terminal.screen.contains("Connected to SwiftPBX"))

            // Tab: both candidates listed, the common part filled in.
            terminal.type("sip show p")
            terminal.press("Tab")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> sip show peer") }, "\(terminal.screen)")
            terminal.press("Tab")
            #expect(terminal.waitUntil { screen in screen.components(separatedBy: "\n").contains { $0.contains("peer") && $0.contains("peers") && !$0.contains("CLI>") } },
                    "no candidate list:\n\(terminal.screen)")
            terminal.type("s")
            terminal.press("Enter")
            #expect(terminal.waitUntil { $0.contains("Name/username") && $0.contains("dev1") }, "\(terminal.screen)")

            // A unique candidate completes with a space after it.
            terminal.type("core show upt")
            terminal.press("Tab")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> core show uptime") }, "\(terminal.screen)")
            terminal.press("Enter")
            #expect(terminal.waitUntil { $0.contains("System uptime:") })

            // History: Up twice brings back `sip show peers`.
            terminal.press("Up")
            terminal.press("Up")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> sip show peers") }, "\(terminal.screen)")
            terminal.press("C-u")

            // A log line arriving while a command is half typed goes above it.
            terminal.type("core show vers")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> core show vers") })
            #expect(try pbx.command("sip reload").status == 0)
            #expect(terminal.waitUntil { $0.contains("Reloaded") && $0.contains("sip.conf") }, "log line not shown:\n\(terminal.screen)")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> core show vers") }, "typed line broken:\n\(terminal.screen)")
            terminal.type("ion")
            terminal.press("Enter")
            #expect(terminal.waitUntil { $0.contains("SwiftPBX 0.") && $0.contains("built on Linux") }, "\(terminal.screen)")

            // Ctrl-D leaves the console; the PBX keeps running.
            terminal.press("C-d")
            #expect(terminal.waitUntil { _ in terminal.programEnded }, "console did not end:\n\(terminal.screen)")
            #expect(try pbx.command("core show uptime").status == 0)

            // The history file outlives the console: a new one recalls it.
            // libedit's history file writes a space as \040.
            let history = ((try? String(contentsOf: home.appendingPathComponent(".swiftpbx_history"), encoding: .utf8)) ?? "")
                .replacingOccurrences(of: "\\040", with: " ")
            #expect(history.contains("sip show peers"), "history file: \(history)")
            let second = try Self.remoteConsole(pbx, home: home)
            defer { second.close() }
            second.press("Up")
            #expect(second.waitUntil { $0.hasSuffixLine("*CLI> core show version") }, "\(second.screen)")
            second.press("C-u")
            second.type("quit")
            second.press("Enter")
            #expect(second.waitUntil { _ in second.programEnded })
            #expect(try pbx.command("core show uptime").status == 0)
        }

        @Test("Two remote consoles attach and detach while a call runs; the call is untouched", arguments: LoopbackFamily.allCases)
        func consolesDuringACall(family: LoopbackFamily) throws {
            let port = TestEnvironment.ports()
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["extensions.conf"] = Configs.extensions + "\nexten => 1009,1,Answer()\n same => n,Wait(4)\n same => n,Hangup()\n"
            let pbx = try PBXProcess(files: files, name: "consolecall")
            defer { pbx.stop() }
            let rtpPort = port + 6
            let counter = try RTPCounter(family: family, port: rtpPort)
            counter.start()
            let sipp = try SIPpProcess(scenario: SIPpScenario.callReceivingBye(extension: "1009", family: family), family: family,
                                       localPort: port + 4, pbxPort: port, keys: ["rtpport": "\(rtpPort)"])
            #expect(pbx.waitForLog("Executing [1009@default:2] Wait"))
            let home = try Self.home()
            let first = try Self.remoteConsole(pbx, home: home)
            defer { first.close() }
            let second = try Self.remoteConsole(pbx, home: home)
            defer { second.close() }
            for terminal in [first, second] {
                terminal.type("core show channels")
                terminal.press("Enter")
                #expect(terminal.waitUntil { $0.contains("SIP/") && $0.contains("1 active call") }, "\(terminal.screen)")
            }
            // Both see the verbose lines of the call's end.
            first.press("C-d")
            #expect(first.waitUntil { _ in first.programEnded })
            #expect(second.waitUntil(timeout: 8) { $0.contains("Executing [1009@default:3] Hangup") }, "\(second.screen)")
            let status = sipp.finish(timeout: 20)
            #expect(status == 0, "sipp: \(sipp.logs)")
            _ = counter.finish()
            second.type("quit")
            second.press("Enter")
            #expect(second.waitUntil { _ in second.programEnded })
            #expect(pbx.log.contains("Executing [1009@default:3] Hangup"))
        }

        @Test("-c: the local console completes, helps, and core stop now ends the PBX")
        func localConsole() throws {
            let port = TestEnvironment.ports()
            let directory = try TestEnvironment.temporaryDirectory("localconsole")
            defer { try? FileManager.default.removeItem(at: directory) }
            var files = Configs.dualStack(port: port, rtpStart: port + 1000)
            files["swiftpbx.conf"] = "[directories]\nrundir => \(directory.path)/run\nspooldir => \(directory.path)/spool\n"
                + "datadir => \(directory.path)/data\nsounddir => \(TestEnvironment.sounds.path)\n"
            for (name, text) in files {
                try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let home = try Self.home()
            let terminal = try TmuxTerminal([TestEnvironment.binary.path, "-c", "-C", directory.path],
                                            environment: ["HOME": home.path, "TERM": "xterm"])
            defer { terminal.close() }
            #expect(terminal.waitUntil(timeout: 10) { $0.contains("ready") && $0.hasSuffixLine("*CLI> ") }, "\(terminal.screen)")
            terminal.type("help sip show")
            terminal.press("Enter")
            #expect(terminal.waitUntil { $0.contains("sip show peers") && $0.contains("List defined SIP peers") }, "\(terminal.screen)")
            terminal.type("core show chan")
            terminal.press("Tab")
            #expect(terminal.waitUntil { $0.hasSuffixLine("*CLI> core show channels") }, "\(terminal.screen)")
            terminal.press("Enter")
            #expect(terminal.waitUntil { $0.contains("0 active calls") }, "\(terminal.screen)")
            terminal.type("core stop now")
            terminal.press("Enter")
            #expect(terminal.waitUntil(timeout: 10) { _ in terminal.programEnded }, "\(terminal.screen)")
        }
    }
}

extension String {
    /// Whether the last non-blank line of a screen ends with `suffix`
    /// (trailing spaces ignored).
    func hasSuffixLine(_ suffix: String) -> Bool {
        let lines = components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return false }
        return last.hasSuffix(suffix.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
    }
}
