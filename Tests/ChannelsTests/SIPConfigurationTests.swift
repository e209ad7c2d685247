@testable import Channels
import PBXCore
import Testing

@Suite("SIPConfiguration")
struct SIPConfigurationTests {
    private static let path = "/etc/swiftpbx/sip.conf"

    private func load(_ lines: [String]) -> SIPConfiguration {
        SIPConfiguration(file: ConfigFile.parse(text: lines.joined(separator: "\n") + "\n", path: Self.path))
    }

    private func hostPort(_ text: String) throws -> HostPort {
        try HostPort(parsing: text)
    }

    @Test(arguments: [
        ("10.1.1.1", ["10.1.1.1:5060", "[::]:5060"]),
        ("10.1.1.1:5070", ["10.1.1.1:5070", "[::]:5060"]),
        ("[2001:db8::1]", ["[2001:db8::1]:5060", "0.0.0.0:5060"]),
        ("[2001:db8::1]:5070", ["[2001:db8::1]:5070", "0.0.0.0:5060"]),
        ("0.0.0.0", ["0.0.0.0:5060", "[::]:5060"]),
        ("[::]", ["[::]:5060", "0.0.0.0:5060"]),
    ])
    func everyBindaddrFormOfTheSpec(_ value: String, _ sockets: [String]) throws {
        let configuration = load(["[general]", "bindaddr=\(value)"])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.settings.udpBindAddresses == (try sockets.map(hostPort)))
    }

    @Test func noBindaddrBindsBothWildcards() throws {
        let configuration = load(["[general]", "context=default"])
        #expect(configuration.settings.udpBindAddresses == [try hostPort("0.0.0.0:5060"), try hostPort("[::]:5060")])
        #expect(load([]).settings.udpBindAddresses.count == 2)
    }

    @Test func severalBindaddrLinesGiveSeveralSockets() throws {
        let configuration = load([
            "[general]",
            "bindaddr=10.1.1.1",
            "udpbindaddr=192.0.2.1:5080",
            "bindaddr=[2001:db8::1]:5070",
            "bindaddr=[2001:db8::2]",
        ])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.settings.udpBindAddresses == (try [
            "10.1.1.1:5060", "192.0.2.1:5080", "[2001:db8::1]:5070", "[2001:db8::2]:5060",
        ].map(hostPort)))
    }

    @Test func bindportAppliesToPortlessAddressesWhereverItStands() throws {
        let after = load(["[general]", "bindaddr=10.1.1.1", "bindaddr=[2001:db8::1]:5070", "bindport=5080"])
        #expect(after.settings.bindPort == 5080)
        #expect(after.settings.udpBindAddresses == (try ["10.1.1.1:5080", "[2001:db8::1]:5070"].map(hostPort)))
        let before = load(["[general]", "bindport=5080", "bindaddr=[2001:db8::1]"])
        // The missing family's wildcard takes bindport too.
        #expect(before.settings.udpBindAddresses == (try ["[2001:db8::1]:5080", "0.0.0.0:5080"].map(hostPort)))
        let wildcards = load(["[general]", "bindport=5090"])
        #expect(wildcards.settings.udpBindAddresses == (try ["0.0.0.0:5090", "[::]:5090"].map(hostPort)))
    }

    @Test func tcpBindAddressesTakeBindport() throws {
        let configuration = load(["[general]", "tcpenable=yes", "tcpbindaddr=[2001:db8::1]", "tcpbindaddr=10.1.1.1:5070", "bindport=5062"])
        #expect(configuration.settings.tcpEnabled)
        #expect(configuration.settings.tcpBindAddresses == (try ["[2001:db8::1]:5062", "10.1.1.1:5070"].map(hostPort)))
    }

    @Test func malformedBindaddrsAreReportedAndTheRestLoads() throws {
        let configuration = load([
            "[general]",
            "bindaddr=[2001:db8::1",
            "bindaddr=300.1.1.1",
            "bindaddr=10.1.1.1",
            "bindaddr=pbx.example.com",
            "context=from-sip",
            "",
            "[100]",
            "secret=s3cret",
        ])
        #expect(configuration.errors.count == 3)
        let unclosed = try #require(configuration.errors.first)
        #expect(unclosed.location == SourceLocation(file: Self.path, line: 2))
        #expect(unclosed.value == "[2001:db8::1")
        #expect(unclosed.description.hasPrefix("/etc/swiftpbx/sip.conf:2: bad bindaddr"))
        #expect(unclosed.description.hasSuffix("'[2001:db8::1'"))
        let outOfRange = configuration.errors[1]
        #expect(outOfRange.location.line == 3)
        #expect(outOfRange.value == "300.1.1.1")
        #expect(outOfRange.description.contains("sip.conf:3"))
        #expect(outOfRange.description.contains("300.1.1.1"))
        let name = configuration.errors[2]
        #expect(name.location.line == 5)
        #expect(name.message == "bindaddr needs an IP address")

        #expect(configuration.settings.udpBindAddresses == (try ["10.1.1.1:5060", "[::]:5060"].map(hostPort)))
        #expect(configuration.settings.context == "from-sip")
        #expect(configuration.peers["100"]?.secret == "s3cret")
        #expect(configuration.peers["100"]?.context == "from-sip")
    }

    @Test func peersWithTemplates() throws {
        let configuration = load([
            "[general]",
            "context=default",
            "allow=alaw",
            "",
            "[office](!)",
            "type=friend",
            "host=dynamic",
            "context=office",
            "disallow=all",
            "allow=alaw",
            "allow=ulaw",
            "",
            "[100](office)",
            "secret=s3cret",
            "callerid=\"Alice Liddell\" <100>",
            "mailbox=100@default",
            "",
            "[200](office)",
            "secret=other",
            "context=lobby",
            "disallow=alaw",
            "",
            "[300]",
            "type=user",
        ])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.notices.isEmpty)
        #expect(configuration.peers.keys.sorted() == ["100", "200", "300"])

        let alice = try #require(configuration.peers["100"])
        #expect(alice.kind == .friend)
        #expect(alice.host == .dynamic)
        #expect(alice.isDynamic)
        #expect(alice.secret == "s3cret")
        #expect(alice.requiresAuthentication)
        #expect(alice.context == "office")
        #expect(alice.callerID == CallerID(name: "Alice Liddell", number: "100"))
        #expect(alice.formats.formats == [.alaw, .ulaw])
        #expect(alice.mailbox == "100@default")
        #expect(alice.location?.line == 13)

        let lobby = try #require(configuration.peers["200"])
        #expect(lobby.context == "lobby")
        #expect(lobby.formats.formats == [.ulaw])

        // No template: the [general] context and codecs.
        let plain = try #require(configuration.peers["300"])
        #expect(plain.kind == .user)
        #expect(plain.context == "default")
        #expect(plain.formats.formats == [.ulaw, .alaw])
        #expect(plain.secret == nil)
        #expect(!plain.requiresAuthentication)
    }

    @Test func fixedHostPeer() throws {
        let configuration = load([
            "[trunk]",
            "type=peer",
            "host=192.0.2.50",
            "port=5070",
            "md5secret=0A1B2C3D4E5F60718293A4B5C6D7E8F9",
            "qualify=yes",
            "transport=udp, tcp",
            "dtmfmode=info",
            "",
            "[v6]",
            "host=2001:db8::5",
            "",
            "[named]",
            "host=sip.provider.example",
        ])
        #expect(configuration.errors.isEmpty)
        let trunk = try #require(configuration.peers["trunk"])
        #expect(trunk.kind == .peer)
        #expect(trunk.host == .fixed(try hostPort("192.0.2.50:5070")))
        #expect(!trunk.isDynamic)
        #expect(trunk.md5secret == "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        #expect(trunk.requiresAuthentication)
        #expect(trunk.qualify)
        #expect(trunk.transports == ["udp", "tcp"])
        #expect(trunk.dtmfMode == "info")
        #expect(configuration.peers["v6"]?.host == .fixed(try hostPort("[2001:db8::5]")))
        #expect(configuration.peers["named"]?.host == .fixed(HostPort(host: .name("sip.provider.example"), port: nil)))
    }

    @Test func portAppliesWhateverItsPlaceRelativeToHost() throws {
        let configuration = load([
            "[trunk-base](!)",
            "port=5070",
            "",
            "[trunk](trunk-base)",
            "host=192.0.2.50",
            "",
            "[reversed]",
            "port=5080",
            "host=192.0.2.51",
            "",
            "[dynamic]",
            "port=5090",
            "host=dynamic",
        ])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.peers["trunk"]?.host == .fixed(try hostPort("192.0.2.50:5070")))
        #expect(configuration.peers["reversed"]?.host == .fixed(try hostPort("192.0.2.51:5080")))
        #expect(configuration.peers["dynamic"]?.host == .dynamic)
    }

    @Test func badPeerValuesAreReported() throws {
        let configuration = load([
            "[100]",
            "type=phone",
            "host=300.1.1.1",
            "port=99999",
            "secret=kept",
        ])
        #expect(configuration.errors.map(\.location.line) == [2, 3, 4])
        #expect(configuration.errors.map(\.value) == ["phone", "300.1.1.1", "99999"])
        #expect(configuration.errors[0].message == "type must be friend, peer or user")
        #expect(configuration.errors[1].message.hasPrefix("bad host: "))
        #expect(configuration.peers["100"]?.secret == "kept")
        #expect(configuration.peers["100"]?.host == .dynamic)
    }

    @Test func unknownKeysAndCodecsAreNotices() throws {
        let configuration = load([
            "[general]",
            "frobnicate=yes",
            "srvlookup=yes",
            "allow=g729",
            "",
            "[100]",
            "colour=blue",
            "directmedia=no",
        ])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.notices.count == 3)
        #expect(configuration.notices[0].location == SourceLocation(file: Self.path, line: 2))
        #expect(configuration.notices[0].value == "frobnicate")
        #expect(configuration.notices[0].message == "unknown sip.conf key")
        #expect(configuration.notices[1].value == "g729")
        #expect(configuration.notices[1].message == "unknown codec")
        #expect(configuration.notices[2].location.line == 7)
        #expect(configuration.notices[2].value == "colour")
        #expect(configuration.peers["100"] != nil)
    }

    @Test(arguments: [
        ("SHA-256", [DigestAlgorithm.sha256]),
        ("MD5", [.md5]),
        ("md5, sha-256", [.md5, .sha256]),
        ("SHA-256,MD5", [.sha256, .md5]),
    ])
    func digestAlgorithms(_ value: String, _ expected: [DigestAlgorithm]) {
        let configuration = load(["[general]", "digestalgorithms=\(value)"])
        #expect(configuration.errors.isEmpty)
        #expect(configuration.settings.digestAlgorithms == expected)
    }

    @Test func unknownDigestAlgorithmKeepsTheDefault() {
        let configuration = load(["[general]", "digestalgorithms=SHA-256, SHA-512"])
        #expect(configuration.errors.count == 1)
        #expect(configuration.errors.first?.location.line == 2)
        #expect(configuration.errors.first?.value == "SHA-256, SHA-512")
        #expect(configuration.settings.digestAlgorithms == [.sha256, .md5])
        #expect(load([]).settings.digestAlgorithms == [.sha256, .md5])
    }

    @Test func generalSettings() throws {
        let configuration = load([
            "[general]",
            "context=public",
            "allowguest=no",
            "realm=pbx.example.com",
            "alwaysauthreject=no",
            "useragent=Office PBX",
            "minexpiry=30",
            "maxexpiry=7200",
            "defaultexpiry=600",
            "dtmfmode=inband",
            "rtptimeout=60",
            "disallow=all",
            "allow=alaw",
        ])
        #expect(configuration.errors.isEmpty)
        let settings = configuration.settings
        #expect(settings.context == "public")
        #expect(!settings.allowGuest)
        #expect(settings.realm == "pbx.example.com")
        #expect(!settings.alwaysAuthReject)
        #expect(settings.userAgent == "Office PBX")
        #expect(settings.minExpiry == 30)
        #expect(settings.maxExpiry == 7200)
        #expect(settings.defaultExpiry == 600)
        #expect(settings.dtmfMode == "inband")
        #expect(settings.rtpTimeout == 60)
        #expect(settings.formats.formats == [.alaw])
    }

    @Test func numbersOutOfRangeAreReportedAndDefaultsKept() {
        let configuration = load(["[general]", "bindport=0", "minexpiry=soon", "maxexpiry=100000"])
        #expect(configuration.errors.map(\.value) == ["0", "soon", "100000"])
        #expect(configuration.errors[0].message == "bindport must be a number in 1...65535")
        #expect(configuration.settings.bindPort == 5060)
        #expect(configuration.settings.minExpiry == 60)
        #expect(configuration.settings.maxExpiry == 3600)
    }

    @Test func configErrorsOfTheFileArePassedOn() {
        let configuration = load(["[general", "bindaddr=10.1.1.1"])
        #expect(!configuration.errors.isEmpty)
        #expect(configuration.errors.first?.location.line == 1)
    }
}
