import Dialplan
import Testing

@Suite struct PatternMatcherTests {
    @Test(arguments: [
        ("_X.", "1", false), ("_X.", "12", true), ("_X.", "123456", true), ("_X.", "a2", false),
        ("_NXXNXXXXXX", "2125551234", true), ("_NXXNXXXXXX", "1125551234", false),
        ("_NXXNXXXXXX", "2121551234", false), ("_NXXNXXXXXX", "212555123", false),
        ("_[1-5]XX", "100", true), ("_[1-5]XX", "599", true), ("_[1-5]XX", "600", false), ("_[1-5]XX", "10", false),
        ("_X!", "1", true), ("_X!", "1234", true), ("_X!", "", false),
        ("_Z", "0", false), ("_Z", "9", true), ("_nxx", "200", true), ("_nxx", "199", false),
        ("_[13-5#]", "#", true), ("_[13-5#]", "2", false), ("_[13-5#]", "4", true),
        ("_9011.", "9011", false), ("_9011.", "90115", true), ("_*X", "*1", true),
    ])
    func matches(pattern: String, exten: String, expected: Bool) throws {
        #expect(try PatternMatcher(pattern).matches(exten) == expected)
    }

    @Test func invalidPatternsAreRefused() {
        #expect(throws: PatternError.empty) { try PatternMatcher("_") }
        #expect(throws: PatternError.unclosedBracket) { try PatternMatcher("_[12") }
        #expect(throws: PatternError.emptyCharacterClass) { try PatternMatcher("_[]X") }
        #expect(throws: PatternError.emptyCharacterClass) { try PatternMatcher("_[5-1]") }
    }

    @Test func moreSpecificPatternsComeFirst() throws {
        let written = ["_X.", "_X!", "_1XX", "_[1-5]XX", "_NXX", "_XXX", "_1.", "_10X"]
        let sorted = try written.map { try PatternMatcher($0) }.sorted().map(\.pattern)
        #expect(sorted == ["_10X", "_1XX", "_1.", "_[1-5]XX", "_NXX", "_XXX", "_X.", "_X!"])
    }

    @Test func exactExtensionsBeatPatternsAndSpecificPatternsBeatGeneralOnes() throws {
        let context = Context(name: "default", extensions: [
            try Extension(name: "_X."), try Extension(name: "_1XX"), try Extension(name: "100"),
            try Extension(name: "_X!"),
        ])
        #expect(context.extensions(matching: "100").map(\.name) == ["100", "_1XX", "_X.", "_X!"])
        #expect(context.extensions(matching: "150").map(\.name) == ["_1XX", "_X.", "_X!"])
        #expect(context.extensions(matching: "9").map(\.name) == ["_X!"])
    }
}
