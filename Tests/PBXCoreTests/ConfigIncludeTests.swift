import Foundation
import PBXCore
import Testing

/// A fresh directory under the system temporary directory, removed when the
/// test lets go of it.
private final class ConfigScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ConfigIncludeTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` (which may hold subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

@Suite("ConfigFile: #include")
struct ConfigIncludeTests {
    @Test func includedSectionsAppearInPlaceWithTheirOwnLocations() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("peers.conf", "; peers\n[100]\ntype=friend\n")
        let top = try directory.write("sip.conf", "[general]\nbindport=5060\n#include peers.conf\n[200]\ntype=peer\n")

        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.path == top)
        #expect(config.sections.map(\.name) == ["general", "100", "200"])
        let peer = try #require(config.section("100"))
        #expect(peer.location == SourceLocation(file: directory.path + "/peers.conf", line: 2))
        #expect(peer.value("type")?.location == SourceLocation(file: directory.path + "/peers.conf", line: 3))
        #expect(config.section("200")?.location == SourceLocation(file: top, line: 4))
    }

    @Test func quotedAngleAndAbsoluteNames() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("a.conf", "[a]\nx=1\n")
        try directory.write("b.conf", "[b]\nx=2\n")
        let absolute = try directory.write("elsewhere/c.conf", "[c]\nx=3\n")
        let top = try directory.write("top.conf", "#include \"a.conf\"\n#include <b.conf>\n#include \(absolute)\n")

        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["a", "b", "c"])
        #expect(config.section("c")?.location.file == absolute)
    }

    @Test func nestedIncludesResolveAgainstTheIncludingFile() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("sub/deeper/leaf.conf", "[leaf]\nx=1\n")
        try directory.write("sub/middle.conf", "[middle]\n#include deeper/leaf.conf\n")
        let top = try directory.write("top.conf", "#include sub/middle.conf\n")

        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["middle", "leaf"])
        #expect(config.section("leaf")?.location.file == directory.path + "/sub/deeper/leaf.conf")
    }

    @Test func parsedTextResolvesIncludesNextToItsPath() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("peers.conf", "[100]\ntype=friend\n")
        let config = ConfigFile.parse(text: "#include peers.conf\n", path: directory.path + "/sip.conf")
        #expect(config.errors.isEmpty)
        #expect(config.section("100")?.value("type")?.value == "friend")
    }

    @Test func headerlessIncludeFillsTheCurrentSectionAndTheIncluderCarriesOn() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("common.conf", "exten => 1,1,Answer()\n[other]\nexten => 9,1,Hangup()\n")
        let top = try directory.write("extensions.conf", "[default]\n#include common.conf\nexten => 2,1,Hangup()\n")

        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.section("default")?.values("exten").map(\.value) == ["1,1,Answer()", "2,1,Hangup()"])
        #expect(config.section("other")?.values("exten").map(\.value) == ["9,1,Hangup()"])
    }

    @Test func templatesCrossFileBoundaries() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("templates.conf", "[phone](!)\ntype=friend\n")
        let top = try directory.write("sip.conf", "#include templates.conf\n[100](phone)\nsecret=x\n")

        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.templates.map(\.name) == ["phone"])
        #expect(config.section("100")?.entries.map(\.key) == ["type", "secret"])
    }

    @Test func missingIncludeIsAnErrorAndTheRestLoads() throws {
        let directory = try ConfigScratchDirectory()
        let top = try directory.write("sip.conf", "[general]\n#include \"nothere.conf\"\nbindport=5060\n")

        let config = ConfigFile.load(path: top)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: top, line: 2))
        #expect(error.value == "nothere.conf")
        #expect(error.message == "include file not found")
        #expect(config.section("general")?.value("bindport")?.value == "5060")
    }

    @Test func tryincludeOfAMissingFileIsQuiet() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("here.conf", "[here]\n")
        let top = try directory.write("sip.conf", "#tryinclude nothere.conf\n#tryinclude here.conf\n")
        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["here"])
    }

    @Test func selfIncludeIsACycle() throws {
        let directory = try ConfigScratchDirectory()
        let top = try directory.write("loop.conf", "[a]\nx=1\n#include loop.conf\ny=2\n")

        let config = ConfigFile.load(path: top)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: top, line: 3))
        #expect(error.value == "loop.conf")
        #expect(error.message == "include cycle")
        #expect(config.section("a")?.entries.map(\.key) == ["x", "y"])
    }

    @Test func cycleThroughAnotherFileIsReportedWhereItCloses() throws {
        let directory = try ConfigScratchDirectory()
        let second = try directory.write("sub/b.conf", "[b]\n#include ../a.conf\n")
        let top = try directory.write("a.conf", "[a]\n#include sub/b.conf\n")

        let config = ConfigFile.load(path: top)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: second, line: 2))
        #expect(error.value == "../a.conf")
        #expect(config.sections.map(\.name) == ["a", "b"])
    }

    @Test func includingOneFileTwiceSideBySideIsNotACycle() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("common.conf", "allow=ulaw\n")
        let top = try directory.write("sip.conf", "[a]\n#include common.conf\n[b]\n#include common.conf\n")
        let config = ConfigFile.load(path: top)
        #expect(config.errors.isEmpty)
        #expect(config.section("a")?.value("allow")?.value == "ulaw")
        #expect(config.section("b")?.value("allow")?.value == "ulaw")
    }

    @Test func includeDepthIsLimited() throws {
        let directory = try ConfigScratchDirectory()
        // level0.conf includes level1.conf ... each level adds a section.
        let levels = 13
        for level in 0..<levels {
            try directory.write("level\(level).conf", "[s\(level)]\n#include level\(level + 1).conf\n")
        }
        try directory.write("level\(levels).conf", "[s\(levels)]\n")

        let config = ConfigFile.load(path: directory.path + "/level0.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        // The top file is depth 0; ten nested levels load, the eleventh is refused.
        #expect(config.sections.map(\.name) == (0...10).map { "s\($0)" })
        #expect(error.location == SourceLocation(file: directory.path + "/level10.conf", line: 2))
        #expect(error.value == "level11.conf")
    }

    @Test func errorsInsideAnIncludedFileNameThatFile() throws {
        let directory = try ConfigScratchDirectory()
        let included = try directory.write("peers.conf", "[100]\ngarbage\nsecret=x\n")
        let top = try directory.write("sip.conf", "#include peers.conf\n[200]\n")
        let config = ConfigFile.load(path: top)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.description == "\(included):2: bad line 'garbage'")
        #expect(config.section("100")?.value("secret")?.value == "x")
    }

    @Test func wildcardIncludesEveryMatchInNameOrder() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("peers.d/b.conf", "[b]\n")
        try directory.write("peers.d/a.conf", "[a]\n")
        try directory.write("peers.d/notes.txt", "[notes]\n")
        try directory.write("peers.d/.hidden.conf", "[hidden]\n")
        let top = try directory.write("sip.conf", "#include peers.d/*.conf\n#include nothing/*.conf\n")

        let config = ConfigFile.load(path: top)
        #expect(config.sections.map(\.name) == ["a", "b"])
        #expect(config.errors.map(\.value) == ["nothing/*.conf"])
    }

    @Test func includeOfADirectoryIsAnError() throws {
        let directory = try ConfigScratchDirectory()
        try directory.write("sub/x.conf", "")
        let top = try directory.write("sip.conf", "#include sub\n")
        let config = ConfigFile.load(path: top)
        #expect(config.errors.map(\.value) == ["sub"])
        #expect(config.errors.first?.location.line == 1)
    }

    @Test func loadingADirectoryIsAnError() throws {
        let directory = try ConfigScratchDirectory()
        let config = ConfigFile.load(path: directory.path)
        #expect(config.sections.isEmpty)
        #expect(config.errors.count == 1)
        #expect(config.errors.first?.location.line == 0)
    }
}
