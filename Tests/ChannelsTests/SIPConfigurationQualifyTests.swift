@testable import Channels
import PBXCore
import Testing

/// `qualify` and `qualifyfreq` in a peer section.
@Suite("SIPConfiguration: qualify")
struct SIPConfigurationQualifyTests {
    private func peer(_ lines: [String]) -> (SIPPeer?, SIPConfiguration) {
        let text = (["[general]", "[dev2]", "type=friend", "host=dynamic"] + lines).joined(separator: "\n") + "\n"
        let configuration = SIPConfiguration(file: ConfigFile.parse(text: text, path: "/etc/swiftpbx/sip.conf"))
        return (configuration.peers["dev2"], configuration)
    }

    @Test func offByDefaultWithAsterisksDefaults() throws {
        let (found, configuration) = peer([])
        let dev2 = try #require(found)
        #expect(!dev2.qualify)
        #expect(dev2.qualifyMaxLatency == 2000)
        #expect(dev2.qualifyFrequency == 60)
        #expect(configuration.errors.isEmpty)
    }

    @Test(arguments: [("yes", true, 2000), ("no", false, 2000), ("500", true, 500), ("0", false, 2000), ("On", true, 2000)])
    func qualifyValues(value: String, enabled: Bool, maxLatency: Int) throws {
        let (found, configuration) = peer(["qualify=\(value)"])
        let dev2 = try #require(found)
        #expect(dev2.qualify == enabled)
        #expect(dev2.qualifyMaxLatency == maxLatency)
        #expect(configuration.errors.isEmpty)
        #expect(configuration.notices.isEmpty, "qualify is a known key")
    }

    @Test func qualifyFrequencyInSeconds() throws {
        let (found, configuration) = peer(["qualify=yes", "qualifyfreq=1"])
        let dev2 = try #require(found)
        #expect(dev2.qualify)
        #expect(dev2.qualifyFrequency == 1)
        #expect(configuration.errors.isEmpty && configuration.notices.isEmpty)
    }

    @Test(arguments: [["qualify=sometimes"], ["qualify=-5"], ["qualifyfreq=0"], ["qualifyfreq=often"]])
    func badValuesAreErrorsWithTheirLine(lines: [String]) throws {
        let (found, configuration) = peer(["qualify=250", "qualifyfreq=30"] + lines)
        let dev2 = try #require(found)
        let error = try #require(configuration.errors.first)
        #expect(error.location.line == 7)
        #expect(lines[0].hasSuffix("=" + error.value))
        #expect(dev2.qualify && dev2.qualifyMaxLatency == 250 && dev2.qualifyFrequency == 30, "the earlier good values stay")
    }
}
