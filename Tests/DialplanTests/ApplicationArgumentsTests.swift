import Dialplan
import Testing

@Suite struct ApplicationArgumentsTests {
    @Test(arguments: [
        ("", [String]()),
        ("hello-world", ["hello-world"]),
        ("a,b", ["a", "b"]),
        ("a,,b", ["a", "", "b"]),
        ("a,", ["a", ""]),
        ("x(1,2),y", ["x(1,2)", "y"]),
        ("[1,2],z", ["[1,2]", "z"]),
        ("\"a,b\",c", ["a,b", "c"]),
        ("a\\,b,c", ["a,b", "c"]),
    ])
    func splitsAsAsteriskDoes(data: String, expected: [String]) {
        #expect(ApplicationArguments.split(data) == expected)
    }

    @Test(arguments: [
        (["5"], GotoTarget(priority: .number(5))),
        (["greet"], GotoTarget(priority: .label("greet"))),
        (["+2"], GotoTarget(priority: .relative(2))),
        (["-1"], GotoTarget(priority: .relative(-1))),
        (["2000", "1"], GotoTarget(exten: "2000", priority: .number(1))),
        (["other", "s", "start"], GotoTarget(context: "other", exten: "s", priority: .label("start"))),
        ([" other ", " s ", " 1 "], GotoTarget(context: "other", exten: "s", priority: .number(1))),
    ])
    func gotoTargets(arguments: [String], expected: GotoTarget) {
        #expect(GotoTarget(arguments: arguments) == expected)
    }

    @Test func gotoNeedsOneToThreeArguments() {
        #expect(GotoTarget(arguments: []) == nil)
        #expect(GotoTarget(arguments: [""]) == nil)
        #expect(GotoTarget(arguments: ["a", "b", "c", "d"]) == nil)
    }

    @Test func theRegistryIgnoresCase() {
        let registry = ApplicationRegistry.standard()
        #expect(registry.application(named: "PLAYBACK")?.name == "Playback")
        #expect(registry.application(named: "noop")?.name == "NoOp")
        #expect(registry.application(named: "Dial") == nil)
        registry.unregister(named: "noop")
        #expect(registry.application(named: "NoOp") == nil)
        #expect(registry.applications.map(\.name) == ["Answer", "Goto", "Hangup", "Playback", "Set", "Wait"])
    }
}
