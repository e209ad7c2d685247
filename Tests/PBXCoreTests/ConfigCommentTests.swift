import PBXCore
import Testing

@Suite("ConfigFile: block comments")
struct ConfigCommentTests {
    @Test func blockCommentSpanningLinesIsSkipped() throws {
        let text = """
            [general]
            a=1
            ;-- this whole block
            b=2
            is gone --;
            c=3
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        let general = try #require(config.section("general"))
        #expect(general.entries.map(\.key) == ["a", "c"])
        #expect(general.value("c")?.location.line == 6)
    }

    @Test func textAroundABlockCommentJoinsIntoOneLine() throws {
        let text = """
            [general]
            context ;-- an aside
            still an aside --; = default
            after=1 ;-- inline --;
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        let general = try #require(config.section("general"))
        #expect(general.value("context")?.value == "default")
        #expect(general.value("context")?.location.line == 2)
        #expect(general.value("after")?.value == "1")
    }

    @Test func blockCommentsNest() throws {
        let text = """
            [general]
            ;-- outer
            ;-- inner --;
            hidden=1
            --;
            shown=1
            """
        let general = try #require(ConfigFile.parse(text: text, path: "sip.conf").section("general"))
        #expect(general.entries.map(\.key) == ["shown"])
    }

    @Test func threeDashesAreALineCommentNotABlock() throws {
        let text = "[general]\n;--- separator ---\na=1\n"
        let general = try #require(ConfigFile.parse(text: text, path: "sip.conf").section("general"))
        #expect(general.entries.map(\.key) == ["a"])
    }

    @Test func unclosedBlockCommentIsReportedWhereItBegan() throws {
        let text = "[general]\na=1\n;-- never closed\nb=2\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: "sip.conf", line: 3))
        #expect(error.value == ";-- never closed")
        #expect(config.section("general")?.entries.map(\.key) == ["a"])
    }
}
