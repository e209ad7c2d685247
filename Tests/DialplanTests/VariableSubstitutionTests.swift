import Dialplan
import PBXCore
import Testing

@Suite struct VariableSubstitutionTests {
    func substitution(globals: [String: String] = [:]) -> VariableSubstitution {
        let record = ChannelRecord(
            name: "SIP/dev1-00000007", uniqueID: "1700000000.7", technology: "SIP",
            callerID: CallerID(name: "Bob", number: "18005551212"), exten: "18005551212", context: "default")
        record[variable: "FOO"] = "bar"
        record[variable: "NAME"] = "FOO"
        return VariableSubstitution(channel: record, context: "default", exten: "18005551212", priority: 4, globals: globals)
    }

    @Test func builtInsAndChannelVariables() {
        let vars = substitution()
        #expect(vars.substitute("${EXTEN}@${CONTEXT}:${PRIORITY}") == "18005551212@default:4")
        #expect(vars.substitute("${CHANNEL} ${UNIQUEID}") == "SIP/dev1-00000007 1700000000.7")
        #expect(vars.substitute("${CALLERID(num)}/${CALLERID(name)}") == "18005551212/Bob")
        #expect(vars.substitute("${CALLERID(all)}") == "\"Bob\" <18005551212>")
        #expect(vars.substitute("x${FOO}y") == "xbary")
        #expect(vars.substitute("no variables") == "no variables")
        #expect(vars.substitute("${LEN(${FOO})}") == "3")
        #expect(Int(vars.substitute("${EPOCH}")) != nil)
    }

    @Test func channelVariablesHideGlobals() {
        let vars = substitution(globals: ["FOO": "global", "ONLYGLOBAL": "g"])
        #expect(vars.substitute("${FOO} ${ONLYGLOBAL}") == "bar g")
    }

    @Test func nestedNamesAreExpandedFirst() {
        #expect(substitution().substitute("${${NAME}}") == "bar")
    }

    /// The substring examples of Asterisk's documentation, on ${EXTEN} = 18005551212.
    @Test(arguments: [
        ("${EXTEN:1}", "8005551212"),
        ("${EXTEN:-4}", "1212"),
        ("${EXTEN:0:3}", "180"),
        ("${EXTEN:1:3}", "800"),
        ("${EXTEN:-4:3}", "121"),
        ("${EXTEN:1:-4}", "800555"),
        ("${EXTEN:20}", ""),
        ("${EXTEN:-20:2}", "18"),
        ("${CALLERID(num):-4}", "1212"),
    ])
    func substrings(expression: String, expected: String) {
        #expect(substitution().substitute(expression) == expected)
    }

    @Test func unknownAndUnclosedExpressions() {
        let vars = substitution()
        #expect(vars.substitute("[${NOPE}]") == "[]")
        #expect(vars.substitute("${UNKNOWNFUNC(x)}") == "")
        #expect(vars.substitute("a ${FOO") == "a ${FOO")
        #expect(vars.substitute("$FOO {FOO}") == "$FOO {FOO}")
    }

    @Test func withoutAChannelOnlyGlobalsAreKnown() {
        let vars = VariableSubstitution(channel: nil, globals: ["A": "1"])
        #expect(vars.substitute("${A}${EXTEN}${CALLERID(num)}") == "1")
    }
}
