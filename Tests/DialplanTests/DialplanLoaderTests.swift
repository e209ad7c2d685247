import Dialplan
import PBXCore
import Testing

@Suite struct DialplanLoaderTests {
    @Test func everyFormLoads() throws {
        let text = """
            [general]
            static=yes

            [globals]
            GREETING=hello-world
            TWICE=${GREETING}&${GREETING}

            [default]
            exten => 1000,1,Answer()
            exten => 1000,n(play),Playback(${GREETING})
            same => n,Hangup()
            exten => s,1,NoOp
            exten => 555-1212,1,Dial,SIP/100
            exten => _1XX,1,Wait(1)
            exten => h,1,NoOp(bye)
            exten = 7000,5,NoOp(five)
            exten => 7000,n,NoOp(six)
            exten => 100,hint,SIP/100
            include => other

            [other]
            exten => 2000,1,Answer
            """
        let (dialplan, errors) = DialplanLoader.load(text: text)
        #expect(errors.isEmpty, "\(errors)")
        #expect(dialplan.contexts.map(\.name) == ["default", "other"])
        #expect(dialplan.globals == ["GREETING": "hello-world", "TWICE": "hello-world&hello-world"])

        let context = try #require(dialplan.context(named: "default"))
        #expect(context.includes == ["other"])
        let main = try #require(context.extensionNamed("1000"))
        #expect(main.priorities.map(\.number) == [1, 2, 3])
        #expect(main.priorities.map(\.application) == ["Answer", "Playback", "Hangup"])
        #expect(main.priorities.map(\.data) == ["", "${GREETING}", ""])
        #expect(main.priorities.map(\.label) == [nil, "play", nil])
        #expect(main.priorities.map { $0.location?.line } == [9, 10, 11])
        #expect(main.priorities.first?.location?.file == "extensions.conf")

        #expect(context.extensionNamed("s")?.priority(1)?.application == "NoOp")
        let dial = try #require(context.extensionNamed("5551212")?.priority(1))
        #expect(dial.application == "Dial")
        #expect(dial.data == "SIP/100")
        #expect(context.extensionNamed("_1XX")?.isPattern == true)
        #expect(context.extensionNamed("h")?.priority(1)?.data == "bye")
        #expect(context.extensionNamed("7000")?.priorities.map(\.number) == [5, 6])
        // Hints are accepted and kept out of the dialplan.
        #expect(context.extensionNamed("100") == nil)

        // An extension of an included context is found, after the context's own.
        let included = try #require(dialplan.find(context: "default", exten: "2000", priority: 1))
        #expect(included.context == "other")
        #expect(dialplan.find(context: "default", exten: "150", priority: 1)?.extension.name == "_1XX")
        #expect(dialplan.find(context: "default", exten: "1000", label: "play")?.priority.number == 2)
        #expect(dialplan.extensionCount == 7)
        #expect(dialplan.priorityCount == 10)
    }

    @Test func errorsNameFileLineAndValue() throws {
        let text = """
            [default]
            exten => 1000,1,Answer()
            exten => 1000,x,NoOp()
            same => n,Playback(a)
            exten => 1000,1,NoOp()
            exten => 1000,n,Playback(oops
            exten => 2000,n,NoOp()
            exten => 3000,1,Bad App()
            exten => _[12,1,NoOp()
            exten => 4000
            foo = bar
            include => nowhere
            exten => 1000,0,NoOp()
            [second]
            same => 1,NoOp()
            exten => 5000,1(dup),NoOp()
            exten => 5000,2(dup),NoOp()
            exten => 6000,1(),NoOp()
            """
        let (dialplan, errors) = DialplanLoader.load(text: text, path: "/etc/swiftpbx/extensions.conf")
        func error(at line: Int) throws -> ConfigError {
            try #require(errors.first { $0.location.line == line }, "no error at line \(line) in \(errors)")
        }
        #expect(errors.allSatisfy { $0.location.file == "/etc/swiftpbx/extensions.conf" })
        #expect(Set(errors.map(\.location.line)) == [3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 18])

        #expect(try error(at: 3).value == "x")
        #expect(try error(at: 3).message == "invalid priority")
        #expect(try error(at: 3).description == "/etc/swiftpbx/extensions.conf:3: invalid priority 'x'")
        #expect(try error(at: 5).message.contains("duplicate priority 1"))
        #expect(try error(at: 5).value == "1000,1,NoOp()")
        #expect(try error(at: 6).value == "Playback(oops")
        #expect(try error(at: 6).message.contains("')'"))
        #expect(try error(at: 7).message.contains("'n' priority"))
        #expect(try error(at: 8).value == "Bad App()")
        #expect(try error(at: 8).message == "cannot parse application")
        #expect(try error(at: 9).value == "_[12")
        #expect(try error(at: 10).value == "4000")
        #expect(try error(at: 11).message.contains("unknown directive 'foo'"))
        #expect(try error(at: 12).value == "nowhere")
        #expect(try error(at: 12).message.contains("nonexistent context"))
        #expect(try error(at: 13).value == "0")
        #expect(try error(at: 15).message == "'same' with no preceding 'exten'")
        #expect(try error(at: 17).message.contains("label 'dup'"))
        #expect(try error(at: 18).message == "invalid priority label")

        // The good lines are all there.
        let first = try #require(dialplan.context(named: "default")?.extensionNamed("1000"))
        #expect(first.priorities.map(\.application) == ["Answer", "Playback"])
        let second = try #require(dialplan.context(named: "second")?.extensionNamed("5000"))
        #expect(second.priorities.map(\.number) == [1, 2])
        #expect(second.priorities.map(\.label) == ["dup", nil])
    }

    @Test func sectionsOfTheSameNameFormOneContext() throws {
        let text = """
            [default]
            exten => 1,1,NoOp(a)
            [default]
            exten => 2,1,NoOp(b)
            exten => 1,n,NoOp(c)
            """
        let (dialplan, errors) = DialplanLoader.load(text: text)
        #expect(errors.isEmpty)
        #expect(dialplan.contexts.count == 1)
        let context = try #require(dialplan.context(named: "default"))
        #expect(context.extensions.map(\.name) == ["1", "2"])
        #expect(context.extensionNamed("1")?.priorities.map(\.data) == ["a", "c"])
    }

    @Test func includeCyclesEndTheSearch() {
        let text = """
            [a]
            include => b
            exten => 1,1,NoOp()
            [b]
            include => a
            exten => 2,1,NoOp()
            """
        let (dialplan, errors) = DialplanLoader.load(text: text)
        #expect(errors.isEmpty)
        #expect(dialplan.find(context: "a", exten: "2", priority: 1)?.context == "b")
        #expect(dialplan.find(context: "b", exten: "1", priority: 1)?.context == "a")
        #expect(dialplan.find(context: "a", exten: "3", priority: 1) == nil)
    }

    @Test func aMissingPriorityFallsThroughToTheNextMatchingExtension() {
        // As in Asterisk: 1000 has no priority 2, so the pattern's is used.
        let text = """
            [default]
            exten => 1000,1,NoOp(exact)
            exten => _1XXX,1,NoOp(pattern)
            exten => _1XXX,2,NoOp(second)
            """
        let (dialplan, _) = DialplanLoader.load(text: text)
        #expect(dialplan.find(context: "default", exten: "1000", priority: 1)?.priority.data == "exact")
        #expect(dialplan.find(context: "default", exten: "1000", priority: 2)?.priority.data == "second")
    }

    @Test func aMissingFileIsAnError() {
        let (dialplan, errors) = DialplanLoader.load(path: "/nonexistent/extensions.conf")
        #expect(dialplan.isEmpty)
        #expect(errors.count == 1)
        #expect(errors.first?.location.file == "/nonexistent/extensions.conf")
    }
}
