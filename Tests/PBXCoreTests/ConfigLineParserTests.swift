@testable import PBXCore
import Testing

@Suite("ConfigLineParser")
struct ConfigLineParserTests {
    @Test func entries() {
        #expect(ConfigLineParser.parse("key=value") == .success(.entry(key: "key", value: "value", isArrow: false, appends: false)))
        #expect(ConfigLineParser.parse("exten => s,1,NoOp(a=b)") == .success(
            .entry(key: "exten", value: "s,1,NoOp(a=b)", isArrow: true, appends: false)))
        #expect(ConfigLineParser.parse("allow += alaw") == .success(.entry(key: "allow", value: "alaw", isArrow: false, appends: true)))
        #expect(ConfigLineParser.parse("key=") == .success(.entry(key: "key", value: "", isArrow: false, appends: false)))
        #expect(ConfigLineParser.parse("key=>") == .success(.entry(key: "key", value: "", isArrow: true, appends: false)))
        #expect(ConfigLineParser.parse("key = > x") == .success(.entry(key: "key", value: "> x", isArrow: false, appends: false)))
    }

    @Test func entryProblems() {
        #expect(ConfigLineParser.parse("garbage") == .failure(.badLine))
        #expect(ConfigLineParser.parse("=value") == .failure(.emptyKey))
        #expect(ConfigLineParser.parse("+=value") == .failure(.emptyKey))
        #expect(ConfigLineParser.parse(" \t=>x") == .failure(.emptyKey))
    }

    @Test func headers() {
        #expect(ConfigLineParser.parse("[general]") == .success(.header(ConfigSectionHeader(name: "general"))))
        #expect(ConfigLineParser.parse("[t](!)") == .success(.header(ConfigSectionHeader(name: "t", isTemplate: true))))
        #expect(ConfigLineParser.parse("[g](+)") == .success(.header(ConfigSectionHeader(name: "g", addsToEarlier: true))))
        #expect(ConfigLineParser.parse("[p]( a , b )") == .success(.header(ConfigSectionHeader(name: "p", templateNames: ["a", "b"]))))
        #expect(ConfigLineParser.parse("[t] (!,base)") == .success(
            .header(ConfigSectionHeader(name: "t", isTemplate: true, templateNames: ["base"]))))
        #expect(ConfigLineParser.parse("[p]()") == .success(.header(ConfigSectionHeader(name: "p"))))
        #expect(ConfigLineParser.parse("[p](a) x") == .success(
            .header(ConfigSectionHeader(name: "p", templateNames: ["a"], trailingText: "x"))))
    }

    @Test func headerProblems() {
        #expect(ConfigLineParser.parse("[general") == .failure(.unclosedHeader))
        #expect(ConfigLineParser.parse("[ ]") == .failure(.emptySectionName))
        #expect(ConfigLineParser.parse("[p](!") == .failure(.unclosedOptions))
        #expect(ConfigLineProblem.unclosedHeader.isHeaderProblem)
        #expect(!ConfigLineProblem.badLine.isHeaderProblem)
    }

    @Test func directives() {
        #expect(ConfigLineParser.parse("#include sip_peers.conf") == .success(.directive(name: "include", argument: "sip_peers.conf")))
        #expect(ConfigLineParser.parse("#include\t\"a b.conf\"") == .success(.directive(name: "include", argument: "a b.conf")))
        #expect(ConfigLineParser.parse("#include <x.conf>") == .success(.directive(name: "include", argument: "x.conf")))
        // A lone quote is not a pair: it stays.
        #expect(ConfigLineParser.parse("#include \"x.conf") == .success(.directive(name: "include", argument: "\"x.conf")))
        #expect(ConfigLineParser.parse("#INCLUDE") == .success(.directive(name: "INCLUDE", argument: "")))
    }

    @Test func trimming() {
        #expect(ConfigLineParser.trimmed(" \t a b \r") == "a b")
        #expect(ConfigLineParser.trimmed("   ") == "")
        #expect(ConfigLineParser.trimmed("") == "")
    }
}
