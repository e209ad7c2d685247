import Dialplan
import Testing

@Suite struct ExtensionLineTests {
    @Test func parsesEveryPriorityForm() throws {
        let numbered = try ExtensionLine.parse("1000,1,Answer()").get()
        #expect(numbered == ExtensionLine.parse("1000, 1 ,Answer()").successValue)
        #expect(numbered.exten == "1000")
        #expect(numbered.priority == .number(1))
        #expect(numbered.label == nil)
        #expect(numbered.application == "Answer")
        #expect(numbered.data == "")

        let labelled = try ExtensionLine.parse("1000,n(greet),Playback(hello-world,noanswer)").get()
        #expect(labelled.priority == .next)
        #expect(labelled.label == "greet")
        #expect(labelled.data == "hello-world,noanswer")

        let same = try ExtensionLine.parse("3(x),Goto(default,s,1)", hasExtension: false).get()
        #expect(same.exten == "")
        #expect(same.priority == .number(3))
        #expect(same.label == "x")
        #expect(same.data == "default,s,1")
    }

    @Test func applicationDataKeepsInnerParentheses() throws {
        let line = try ExtensionLine.parse("1,1,NoOp(${CALLERID(num)} (x))").get()
        #expect(line.application == "NoOp")
        #expect(line.data == "${CALLERID(num)} (x)")
    }

    @Test func extensionNamesLoseDashesOutsideBrackets() throws {
        #expect(try ExtensionLine.parse("555-1212,1,NoOp").get().exten == "5551212")
        #expect(try ExtensionLine.parse("_[0-5]X,1,NoOp").get().exten == "_[0-5]X")
    }

    @Test(arguments: ["0", "-1", "x", "1x", "n(", "n()", "(a)", ""])
    func badPrioritiesAreRefused(priority: String) {
        #expect(ExtensionLine.parse("1000,\(priority),NoOp()").successValue == nil)
    }

    @Test func badApplicationsAreRefused() {
        #expect(ExtensionLine.parse("1000,1,").failureValue?.message == "cannot parse application")
        #expect(ExtensionLine.parse("1000,1,Play back()").failureValue?.message == "cannot parse application")
        #expect(ExtensionLine.parse("1000,1,NoOp(x").failureValue?.value == "NoOp(x")
        #expect(ExtensionLine.parse("1000/100,1,NoOp").failureValue?.message == "caller ID matching is not supported")
    }
}

extension Result {
    var successValue: Success? { try? get() }
    var failureValue: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
