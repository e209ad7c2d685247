import Dialplan
import Logging
import PBXCore
import PBXTestKit
import Testing

@Suite struct DialplanRunnerTests {
    /// 200 ms of µ-law.
    static let helloWorld = [UInt8](repeating: 0xFF, count: 1600)

    /// A runner over `text`, with `hello-world.ulaw` in its sound directory.
    struct Harness {
        let runner: DialplanRunner
        let store: DialplanStore
        let log: LogRecorder
        let sounds: TemporaryDirectory

        init(_ text: String, applications: ApplicationRegistry = .standard()) throws {
            let (dialplan, errors) = DialplanLoader.load(text: text)
            #expect(errors.isEmpty, "\(errors)")
            sounds = try TemporaryDirectory()
            try sounds.write("hello-world.ulaw", DialplanRunnerTests.helloWorld)
            log = LogRecorder()
            store = DialplanStore(dialplan)
            runner = DialplanRunner(
                sounds: SoundLibrary(directory: sounds.path), logger: log.logger(),
                applications: applications, store: store)
        }

        func run(_ channel: FakeChannel) async {
            await runner.run(channel)
            sounds.remove()
        }
    }

    @Test func answerPlaybackHangupRunInOrder() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Answer()
            same => n,Playback(hello-world)
            same => n,Hangup()
            same => n,NoOp(never)
            """)
        let channel = FakeChannel()
        await harness.run(channel)

        #expect(channel.events == [.answer, .play(format: .ulaw, byteCount: 1600), .hangup(.normalClearing)])
        #expect(channel.playedSources.first?.bytes == Self.helloWorld)
        #expect(channel.record[variable: "PLAYBACKSTATUS"] == "SUCCESS")
        #expect(channel.record.position == DialplanPosition(
            context: "default", exten: "1000", priority: 3, application: "Hangup", applicationData: ""))

        let executing = harness.log.entries.filter { $0.message.hasPrefix("Executing") }
        #expect(executing.map(\.message) == [
            "Executing [1000@default:1] Answer(\"SIP/dev1-00000001\", \"\")",
            "Executing [1000@default:2] Playback(\"SIP/dev1-00000001\", \"hello-world\")",
            "Executing [1000@default:3] Hangup(\"SIP/dev1-00000001\", \"\")",
        ])
        #expect(executing.allSatisfy { $0.level == .info && $0.metadata["channel"] == "SIP/dev1-00000001" })
    }

    @Test func playbackAnswersFirstUnlessTold() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Playback(hello-world)
            exten => 2000,1,Playback(hello-world,noanswer)
            exten => 3000,1,Playback(hello-world,skip)
            """)
        let answered = FakeChannel(exten: "1000")
        await harness.runner.run(answered)
        #expect(answered.events == [.answer, .play(format: .ulaw, byteCount: 1600), .hangup(.normalClearing)])

        let early = FakeChannel(exten: "2000")
        await harness.runner.run(early)
        #expect(early.events == [.play(format: .ulaw, byteCount: 1600), .hangup(.normalClearing)])

        let skipped = FakeChannel(exten: "3000")
        await harness.run(skipped)
        #expect(skipped.events == [.hangup(.normalClearing)])
        #expect(skipped.record[variable: "PLAYBACKSTATUS"] == "SUCCESS")
    }

    @Test func aMissingSoundFailsThePlaybackNotTheCall() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Answer()
            same => n,Playback(no-such-file&hello-world)
            same => n,Set(AFTER=yes)
            """)
        let channel = FakeChannel()
        await harness.run(channel)

        #expect(channel.events == [.answer, .play(format: .ulaw, byteCount: 1600), .hangup(.normalClearing)])
        #expect(channel.record[variable: "PLAYBACKSTATUS"] == "FAILED")
        #expect(channel.record[variable: "AFTER"] == "yes")
        #expect(harness.log.messages(at: .warning).contains { $0.contains("no-such-file") })
    }

    @Test func gotoJumpsToLabelsExtensionsAndContexts() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Goto(skip)
            same => n,Wait(5)
            same => n(skip),Wait(1)
            same => n,Goto(2000,1)
            exten => 2000,1,Wait(2)
            same => n,Goto(other,3000,start)
            same => n,Wait(99)

            [other]
            exten => 3000,1,Wait(99)
            same => n(start),Wait(3)
            same => n,Goto(+2)
            same => n,Wait(99)
            same => n,Wait(4)
            """)
        let channel = FakeChannel()
        await harness.run(channel)

        #expect(channel.waits == [.seconds(1), .seconds(2), .seconds(3), .seconds(4)])
        #expect(channel.record.position?.context == "other")
        #expect(channel.record.position?.priority == 5)
    }

    @Test func gotoToAnUnknownLabelEndsTheCall() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Goto(nowhere)
            same => n,Wait(1)
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.waits.isEmpty)
        #expect(channel.events == [.hangup(.normalClearing)])
        #expect(harness.log.messages(at: .warning).contains { $0.contains("nowhere") })
    }

    @Test func theHExtensionRunsAfterARemoteHangup() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Answer()
            same => n,Wait(10)
            same => n,Set(NOTREACHED=1)
            exten => h,1,Playback(hello-world)
            same => n,Set(CLEANUP=${HANGUPCAUSE}/${EXTEN})
            same => n,NoOp(done)
            """)
        let channel = FakeChannel()
        channel.hangUpRemotely(on: .wait)
        await harness.run(channel)

        #expect(channel.events == [.answer, .remoteHangup(.normalClearing), .hangup(.normalClearing)])
        #expect(channel.record[variable: "NOTREACHED"] == nil)
        #expect(channel.record[variable: "CLEANUP"] == "16/h")
        #expect(channel.record[variable: "PLAYBACKSTATUS"] == "FAILED")
        #expect(channel.record.position == DialplanPosition(
            context: "default", exten: "h", priority: 3, application: "NoOp", applicationData: "done"))
    }

    @Test func hangupGivesItsCauseAndTheHExtensionSeesIt() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Hangup(17)
            exten => h,1,Set(CAUSE=${HANGUPCAUSE})
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.events == [.hangup(.userBusy)])
        #expect(channel.record[variable: "CAUSE"] == "17")
    }

    @Test func waitTakesFractionalSeconds() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Wait(1.5)
            same => n,Wait(0.02)
            same => n,Wait()
            same => n,Wait(soon)
            same => n,Answer(250)
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.waits == [.milliseconds(1500), .milliseconds(20), .milliseconds(250)])
        #expect(harness.log.messages(at: .warning).contains { $0.contains("soon") })
    }

    @Test func anUnknownApplicationHangsTheChannelUp() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Answer()
            same => n,Frobnicate(x)
            same => n,Set(AFTER=1)
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.events == [.answer, .hangup(.normalClearing)])
        #expect(channel.record[variable: "AFTER"] == nil)
        #expect(harness.log.messages(at: .warning).contains("No application 'Frobnicate' for extension (default, 1000, 2)"))
    }

    @Test func variablesAreSubstitutedInApplicationData() async throws {
        let harness = try Harness("""
            [globals]
            COMPANY=Acme

            [default]
            exten => 1000,1,Set(FOO=bar)
            same => n,NoOp(${FOO}|${EXTEN}|${CALLERID(num)}|${CALLERID(name)}|${CONTEXT}|${PRIORITY}|${COMPANY})
            same => n,NoOp(${CHANNEL}|${UNIQUEID}|${EXTEN:1:2}|${UNSET})
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        let executed = harness.log.entries.map(\.message).filter { $0.hasPrefix("Executing") }
        #expect(executed.contains("Executing [1000@default:2] NoOp(\"SIP/dev1-00000001\", \"bar|1000|100|Alice|default|2|Acme\")"))
        #expect(channel.record.position?.applicationData == "SIP/dev1-00000001|1700000000.1|00|")
    }

    @Test func patternsRouteAndExtenIsTheDialledNumber() async throws {
        let harness = try Harness("""
            [default]
            exten => _555XXXX,1,Set(DIALLED=${EXTEN})
            exten => 5550000,1,Set(DIALLED=exact)
            """)
        #expect(harness.runner.canRoute(context: "default", exten: "5551234"))
        #expect(!harness.runner.canRoute(context: "default", exten: "555123"))
        #expect(!harness.runner.canRoute(context: "nowhere", exten: "5551234"))
        let patterned = FakeChannel(exten: "5551234")
        await harness.runner.run(patterned)
        #expect(patterned.record[variable: "DIALLED"] == "5551234")
        let exact = FakeChannel(exten: "5550000")
        await harness.run(exact)
        #expect(exact.record[variable: "DIALLED"] == "exact")
    }

    @Test func unknownExtensionsFallBackToSThenToI() async throws {
        let harness = try Harness("""
            [default]
            exten => s,1,Set(START=s)
            same => n,Goto(9999,1)
            exten => i,1,Set(BAD=${INVALID_EXTEN})

            [bare]
            exten => 1,1,NoOp()
            """)
        let channel = FakeChannel(exten: "4242")
        await harness.runner.run(channel)
        #expect(channel.record[variable: "START"] == "s")
        #expect(channel.record[variable: "BAD"] == "9999")

        let lost = FakeChannel(exten: "2", context: "bare")
        await harness.run(lost)
        #expect(lost.events == [.hangup(.unallocatedNumber)])
    }

    @Test func fallingOffTheEndHangsUpNormally() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,Answer()
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.events == [.answer, .hangup(.normalClearing)])
        #expect(harness.log.messages(at: .info).contains("Auto fallthrough, channel 'SIP/dev1-00000001' status is 'UNKNOWN'"))
    }

    /// Swaps the store's dialplan while the call runs.
    struct ReloadApplication: DialplanApplication {
        let name = "Reload"
        let synopsis = "test: replaces the dialplan"
        let store: DialplanStore
        let replacement: Dialplan

        func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
            store.replace(with: replacement)
            return .proceed
        }
    }

    @Test func aCallKeepsTheDialplanItStartedWith() async throws {
        let replacement = DialplanLoader.load(text: """
            [default]
            exten => 1000,1,Set(VERSION=new)
            exten => 1000,2,Set(VERSION=new)
            """).dialplan
        let applications = ApplicationRegistry.standard()
        let harness = try Harness("""
            [default]
            exten => 1000,1,Reload()
            same => n,Set(VERSION=old)
            """, applications: applications)
        applications.register(ReloadApplication(store: harness.store, replacement: replacement))

        let first = FakeChannel()
        await harness.runner.run(first)
        #expect(first.record[variable: "VERSION"] == "old")
        let second = FakeChannel()
        await harness.run(second)
        #expect(second.record[variable: "VERSION"] == "new")
    }

    @Test func applicationNamesIgnoreCase() async throws {
        let harness = try Harness("""
            [default]
            exten => 1000,1,ANSWER()
            same => n,wait(1)
            """)
        let channel = FakeChannel()
        await harness.run(channel)
        #expect(channel.events == [.answer, .wait(.seconds(1)), .hangup(.normalClearing)])
    }
}
