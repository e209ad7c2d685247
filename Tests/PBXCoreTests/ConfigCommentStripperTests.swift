@testable import PBXCore
import Testing

@Suite("ConfigCommentStripper")
struct ConfigCommentStripperTests {
    private func lines(_ text: String) -> [ConfigTextLine] {
        ConfigCommentStripper.strip(text).lines
    }

    @Test func dropsBlankAndCommentLinesAndKeepsNumbers() {
        #expect(lines("\n; c\n  a=1 ; c\n\nb=2") == [
            ConfigTextLine(number: 3, text: "a=1"),
            ConfigTextLine(number: 5, text: "b=2"),
        ])
    }

    @Test func escapedSemicolonBecomesPlain() {
        #expect(lines(#"a=x\;y\;z ; comment"#) == [ConfigTextLine(number: 1, text: "a=x;y;z")])
        // Other backslashes are kept as written.
        #expect(lines(#"a=c:\dir"#) == [ConfigTextLine(number: 1, text: #"a=c:\dir"#)])
    }

    @Test func blockCommentAtTheEndOfALineOpens() {
        let output = ConfigCommentStripper.strip("a=1 ;--\nhidden\n--; b=2\n")
        #expect(output.lines == [ConfigTextLine(number: 1, text: "a=1  b=2")])
        #expect(output.unclosedComment == nil)
    }

    @Test func lineNumberIsWhereTheTextStarts() {
        #expect(lines(";-- x\n--; a=1") == [ConfigTextLine(number: 2, text: "a=1")])
    }

    @Test func unclosedBlockIsRememberedWithItsLine() {
        let output = ConfigCommentStripper.strip("a=1\n;-- one --;\n  ;-- two\nb=2")
        #expect(output.lines == [ConfigTextLine(number: 1, text: "a=1")])
        #expect(output.unclosedComment == ConfigTextLine(number: 3, text: ";-- two"))
    }

    @Test func dashesBeforeASemicolonOutsideABlockAreText() {
        #expect(lines("a=b--;c") == [ConfigTextLine(number: 1, text: "a=b--")])
    }
}
