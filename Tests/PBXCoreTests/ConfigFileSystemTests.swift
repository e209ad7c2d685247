@testable import PBXCore
import Testing

@Suite("ConfigFileSystem")
struct ConfigFileSystemTests {
    @Test func directoryOfAPath() {
        #expect(ConfigFileSystem.directory(of: "configs/sip.conf") == "configs")
        #expect(ConfigFileSystem.directory(of: "sip.conf") == "")
        #expect(ConfigFileSystem.directory(of: "/sip.conf") == "/")
        #expect(ConfigFileSystem.directory(of: "/etc/swiftpbx/sip.conf") == "/etc/swiftpbx")
    }

    @Test func includeNamesResolveNextToTheIncludingFile() {
        #expect(ConfigFileSystem.resolve("peers.conf", relativeTo: "configs/sip.conf") == "configs/peers.conf")
        #expect(ConfigFileSystem.resolve("peers.conf", relativeTo: "sip.conf") == "peers.conf")
        #expect(ConfigFileSystem.resolve("peers.conf", relativeTo: "/sip.conf") == "/peers.conf")
        #expect(ConfigFileSystem.resolve("/abs/x.conf", relativeTo: "configs/sip.conf") == "/abs/x.conf")
        #expect(ConfigFileSystem.resolve("../x.conf", relativeTo: "/a/b/sip.conf") == "/a/b/../x.conf")
    }

    @Test func canonicalPathsFoldDotsAway() {
        #expect(ConfigFileSystem.canonicalPath("/a/b/../c/./d.conf") == ConfigFileSystem.canonicalPath("/a/c/d.conf"))
        #expect(ConfigFileSystem.canonicalPath("x.conf").hasPrefix("/"))
    }

    @Test func wildcards() {
        func matches(_ name: String, _ pattern: String) -> Bool {
            ConfigFileSystem.wildcardMatches(Array(name), Array(pattern))
        }
        #expect(matches("sip_peers.conf", "*.conf"))
        #expect(matches("a.conf", "?.conf"))
        #expect(!matches("ab.conf", "?.conf"))
        #expect(matches("x", "*"))
        #expect(matches("", "*"))
        #expect(matches("abcabd", "a*d"))
        #expect(!matches("abc.conf.bak", "*.conf"))
        #expect(matches("peer1-office.conf", "peer*-*.conf"))
        #expect(!matches("other.conf", "peer*"))
    }

    @Test func pathWithoutWildcardIsItself() {
        #expect(ConfigFileSystem.expandWildcards("/no/such/dir/x.conf") == ["/no/such/dir/x.conf"])
        #expect(ConfigFileSystem.expandWildcards("/no/such/dir/*.conf").isEmpty)
    }

    @Test func readingAMissingFile() {
        #expect(ConfigFileSystem.readText("/no/such/dir/x.conf") == .failure(.notFound))
        #expect(ConfigFileSystem.readText("") == .failure(.notFound))
    }

    @Test func parsingWithAnEmptyPathStillWorks() {
        let config = ConfigFile.parse(text: "[a]\nx=1\n", path: "")
        #expect(config.section("a")?.value("x")?.location == SourceLocation(file: "", line: 2))
    }
}
