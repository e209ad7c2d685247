import PBXCore
import Testing

@Suite("ConfigFile: sections, entries and line errors")
struct ConfigFileTests {
    @Test func readsSectionsAndBothEntryForms() throws {
        let text = """
            [general]
            bindport=5060
            context => default

            [100]
            type = friend
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")

        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["general", "100"])
        let general = try #require(config.section("general"))
        #expect(general.entries == [
            ConfigEntry(key: "bindport", value: "5060", isArrow: false, location: SourceLocation(file: "sip.conf", line: 2)),
            ConfigEntry(key: "context", value: "default", isArrow: true, location: SourceLocation(file: "sip.conf", line: 3)),
        ])
        #expect(general.location == SourceLocation(file: "sip.conf", line: 1))
        #expect(config.section("100")?.value("type")?.value == "friend")
        #expect(config.section("100")?.value("type")?.location.line == 6)
    }

    @Test func trimsWhitespaceAroundKeysValuesAndNames() throws {
        let text = "  [ general ]  \n\t  allow\t =  ulaw  \n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let entry = try #require(config.section("general")?.entries.first)
        #expect(entry.key == "allow")
        #expect(entry.value == "ulaw")
        #expect(config.errors.isEmpty)
    }

    @Test func valueKeepsEverythingAfterTheFirstEqualsSign() throws {
        let text = """
            [default]
            exten => 100,1,Set(A=1)
            callerid="Alice" <100>
            empty=
            """
        let section = try #require(ConfigFile.parse(text: text, path: "extensions.conf").section("default"))
        #expect(section.value("exten")?.value == "100,1,Set(A=1)")
        #expect(section.value("exten")?.isArrow == true)
        #expect(section.value("callerid")?.value == "\"Alice\" <100>")
        #expect(section.value("empty")?.value == "")
        #expect(section.value("empty")?.isArrow == false)
    }

    @Test func commentsAndEscapedSemicolons() throws {
        let text = """
            ; a whole-line comment
            [general] ; comment after a header
            useragent = PBX\\; v1 ; the backslash keeps the first semicolon
            ;---------------------------------------
            realm=example.com;comment without space
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        let general = try #require(config.section("general"))
        #expect(general.entries.map(\.key) == ["useragent", "realm"])
        #expect(general.value("useragent")?.value == "PBX; v1")
        #expect(general.value("realm")?.value == "example.com")
        #expect(general.value("realm")?.location.line == 5)
    }

    @Test func windowsLineEndingsAndByteOrderMark() throws {
        let text = "\u{FEFF}[general]\r\nbindport=5060\r\n\r\ncontext=default\r\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        let general = try #require(config.section("general"))
        #expect(general.value("bindport")?.value == "5060")
        #expect(general.value("context")?.location.line == 4)
    }

    @Test func valuesReturnsEveryEntryOfAKeyWhateverItsCase() throws {
        let text = """
            [general]
            bindaddr=10.0.0.1
            allow=ulaw
            BindAddr=[2001:db8::1]:5060
            bindaddr=0.0.0.0
            """
        let general = try #require(ConfigFile.parse(text: text, path: "sip.conf").section("general"))
        #expect(general.values("bindaddr").map(\.value) == ["10.0.0.1", "[2001:db8::1]:5060", "0.0.0.0"])
        #expect(general.values("BINDADDR").map(\.location.line) == [2, 4, 5])
        #expect(general.value("bindaddr")?.value == "0.0.0.0")
        #expect(general.values("missing").isEmpty)
        #expect(general.value("missing") == nil)
    }

    @Test func appendingEntryExtendsTheLastValueOfItsKey() throws {
        let text = """
            [general]
            allow=ulaw
            allow+=,alaw
            disallow+=all
            """
        let general = try #require(ConfigFile.parse(text: text, path: "sip.conf").section("general"))
        #expect(general.values("allow").map(\.value) == ["ulaw,alaw"])
        #expect(general.value("allow")?.location.line == 2)
        // Nothing to append to: the entry is simply set.
        #expect(general.value("disallow")?.value == "all")
    }

    @Test func repeatedSectionNamesAreKeptAndLookupFindsTheFirst() throws {
        let text = """
            [general]
            a=1
            [General]
            a=2
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.sections.count == 2)
        #expect(config.section("GENERAL")?.value("a")?.value == "1")
        #expect(config.section("nothing") == nil)
    }

    @Test func badLineIsReportedAndTheRestLoads() throws {
        let text = """
            [general]
            bindport=5060
            garbage
            context=default
            [100]
            type=friend
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: "sip.conf", line: 3))
        #expect(error.value == "garbage")
        #expect(error.message == "bad line")
        #expect(error.description == "sip.conf:3: bad line 'garbage'")
        #expect(config.section("general")?.entries.map(\.key) == ["bindport", "context"])
        #expect(config.section("100")?.value("type")?.value == "friend")
    }

    @Test func entryWithoutKeyIsAnError() throws {
        let text = "[general]\n = value\nport=1\n"
        let config = ConfigFile.parse(text: text, path: "rtp.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location.line == 2)
        #expect(error.value == "= value")
        #expect(error.description == "rtp.conf:2: entry has no key '= value'")
        #expect(config.section("general")?.entries.map(\.key) == ["port"])
    }

    @Test func entriesBeforeAnySectionAreErrors() throws {
        let text = "bindport=5060\ncontext => x\n[general]\nrealm=pbx\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.map(\.location.line) == [1, 2])
        #expect(config.errors.map(\.value) == ["bindport=5060", "context => x"])
        #expect(config.errors.allSatisfy { $0.message == "entry outside any section" })
        #expect(config.section("general")?.entries.map(\.key) == ["realm"])
    }

    @Test func unclosedHeaderDropsItsEntriesButNotTheNextSection() throws {
        let text = """
            [general]
            a=1
            [unclosed
            b=2
            [next]
            c=3
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: "sip.conf", line: 3))
        #expect(error.value == "[unclosed")
        #expect(error.message == "section header has no closing ']'")
        // b=2 belongs to the broken section, not to [general].
        #expect(config.section("general")?.entries.map(\.key) == ["a"])
        #expect(config.sections.map(\.name) == ["general", "next"])
        #expect(config.section("next")?.value("c")?.value == "3")
    }

    @Test func otherBrokenHeaders() throws {
        let text = """
            []
            [peer](!
            [ok] trailing
            x=1
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.map(\.location.line) == [1, 2, 3])
        #expect(config.errors.map(\.value) == ["[]", "[peer](!", "[ok] trailing"])
        #expect(config.errors.map(\.message) == [
            "section header has no name",
            "section options have no closing ')'",
            "unexpected text after section header",
        ])
        // Trailing text is reported, but the header itself was readable.
        #expect(config.section("ok")?.value("x")?.value == "1")
        #expect(config.templates.isEmpty)
    }

    @Test func unknownDirectivesAndExecAreErrors() throws {
        let text = "[general]\n#exec /bin/date\n#define x\n#include\na=1\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.map(\.location.line) == [2, 3, 4])
        #expect(config.errors.map(\.message) == ["#exec is not supported", "unknown directive", "#include needs a file name"])
        #expect(config.errors.map(\.value) == ["#exec /bin/date", "#define x", "#include"])
        #expect(config.section("general")?.value("a")?.value == "1")
    }

    @Test func missingFileGivesAnEmptyConfigWithOneError() throws {
        let path = "/nonexistent-swiftpbx-dir/sip.conf"
        let config = ConfigFile.load(path: path)
        #expect(config.path == path)
        #expect(config.sections.isEmpty)
        #expect(config.templates.isEmpty)
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: path, line: 0))
        #expect(error.value == path)
        #expect(error.description == "\(path): file not found '\(path)'")
    }

    @Test func errorsMadeByOtherModulesDescribeThemselvesTheSameWay() {
        let location = SourceLocation(file: "configs/sip.conf", line: 12)
        let error = ConfigError(location: location, value: "[2001:db8::1", message: "bad bindaddr")
        #expect(location.description == "configs/sip.conf:12")
        #expect(error.description == "configs/sip.conf:12: bad bindaddr '[2001:db8::1'")
        #expect(ConfigError(location: location, value: "", message: "no peers").description == "configs/sip.conf:12: no peers")
    }

    @Test func emptyTextGivesAnEmptyConfig() {
        let config = ConfigFile.parse(text: "", path: "modules.conf")
        #expect(config.sections.isEmpty)
        #expect(config.errors.isEmpty)
        #expect(config.path == "modules.conf")
    }
}
