import PBXCore
import Testing

@Suite("ConfigFile: templates and section additions")
struct ConfigTemplateTests {
    @Test func templateIsKeptApartFromSections() throws {
        let text = """
            [phone](!)
            type=friend
            host=dynamic
            [100](phone)
            secret=s100
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["100"])
        #expect(config.templates.map(\.name) == ["phone"])
        let template = try #require(config.templates.first)
        #expect(template.isTemplate)
        #expect(config.section("phone") == nil)

        let peer = try #require(config.section("100"))
        #expect(!peer.isTemplate)
        #expect(peer.templateNames == ["phone"])
        #expect(peer.entries.map(\.key) == ["type", "host", "secret"])
        // Inherited entries keep the line they were written on.
        #expect(peer.value("type")?.location.line == 2)
        #expect(peer.value("secret")?.location.line == 5)
    }

    @Test func severalTemplatesAreInheritedInOrderBeforeOwnEntries() throws {
        let text = """
            [codecs](!)
            allow=ulaw
            [nat](!)
            allow=alaw
            directmedia=no
            [101](codecs,nat)
            allow=g722
            """
        let peer = try #require(ConfigFile.parse(text: text, path: "sip.conf").section("101"))
        #expect(peer.templateNames == ["codecs", "nat"])
        #expect(peer.values("allow").map(\.value) == ["ulaw", "alaw", "g722"])
        #expect(peer.entries.map(\.key) == ["allow", "allow", "directmedia", "allow"])
        #expect(peer.value("allow")?.value == "g722")
    }

    @Test func templatesMayInheritFromTemplates() throws {
        let text = """
            [base](!)
            context=internal
            [desk](!,base)
            type=friend
            [200](desk)
            secret=x
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        let desk = try #require(config.templates.first { $0.name == "desk" })
        #expect(desk.isTemplate)
        #expect(desk.templateNames == ["base"])
        #expect(desk.entries.map(\.key) == ["context", "type"])
        #expect(config.section("200")?.entries.map(\.key) == ["context", "type", "secret"])
    }

    @Test func unknownTemplateIsReportedAndTheSectionStillLoads() throws {
        let text = """
            [known](!)
            a=1
            [300](known, missing)
            b=2
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location == SourceLocation(file: "sip.conf", line: 3))
        #expect(error.value == "missing")
        #expect(error.description == "sip.conf:3: unknown template 'missing'")
        #expect(config.section("300")?.entries.map(\.key) == ["a", "b"])
    }

    @Test func templateMustBeDefinedBeforeUse() throws {
        let text = "[400](later)\n[later](!)\na=1\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.map(\.value) == ["later"])
        #expect(config.section("400")?.entries.isEmpty == true)
    }

    @Test func laterChangesToATemplateDoNotReachEarlierUsers() throws {
        let text = """
            [t](!)
            a=1
            [500](t)
            [t](+)
            b=2
            [501](t)
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        #expect(config.section("500")?.entries.map(\.key) == ["a"])
        #expect(config.section("501")?.entries.map(\.key) == ["a", "b"])
    }

    @Test func additionAppendsToTheEarlierSection() throws {
        let text = """
            [general]
            a=1
            [other]
            x=1
            [general](+)
            b=2
            """
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        #expect(config.errors.isEmpty)
        #expect(config.sections.map(\.name) == ["general", "other"])
        let general = try #require(config.section("general"))
        #expect(general.entries.map(\.key) == ["a", "b"])
        #expect(general.value("b")?.location.line == 6)
    }

    @Test func additionToAnUnknownSectionIsReportedAndKept() throws {
        let text = "[general]\na=1\n[nowhere](+)\nb=2\n"
        let config = ConfigFile.parse(text: text, path: "sip.conf")
        let error = try #require(config.errors.first)
        #expect(config.errors.count == 1)
        #expect(error.location.line == 3)
        #expect(error.value == "nowhere")
        #expect(config.section("nowhere")?.value("b")?.value == "2")
        #expect(config.section("general")?.entries.map(\.key) == ["a"])
    }
}
