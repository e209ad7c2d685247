@testable import Channels
import PBXCore
import Testing

@Suite("ConsoleConfiguration: alsa.conf")
struct ConsoleConfigurationTests {
    private func parse(_ text: String) -> ConsoleConfiguration {
        ConsoleConfiguration(file: ConfigFile.parse(text: text, path: "alsa.conf"))
    }

    @Test("Every key of [general] is read")
    func keys() {
        let configuration = parse("""
            [general]
            input_device=plughw:1,0
            output_device = "dmix"
            context=office
            extension=100
            autoanswer=yes
            callerid="Front Desk" <200>
            """)
        #expect(configuration.inputDevice == "plughw:1,0")
        #expect(configuration.outputDevice == "dmix")
        #expect(configuration.context == "office")
        #expect(configuration.exten == "100")
        #expect(configuration.autoanswer)
        #expect(configuration.callerID == CallerID(name: "Front Desk", number: "200"))
        #expect(configuration.errors.isEmpty)
    }

    @Test("An empty file gives chan_alsa's defaults")
    func defaults() {
        let configuration = parse("")
        #expect(configuration.inputDevice == "default")
        #expect(configuration.outputDevice == "default")
        #expect(configuration.context == "default")
        #expect(configuration.exten == "s")
        #expect(!configuration.autoanswer)
        #expect(configuration.errors.isEmpty)
    }

    @Test("A bad autoanswer and an unknown key are reported with file and line; the rest still applies")
    func errors() {
        let configuration = parse("""
            [general]
            autoanswer=perhaps
            volume=11
            context=sales
            input_device=
            """)
        #expect(configuration.errors.count == 3)
        #expect(configuration.errors.first?.description == "alsa.conf:2: autoanswer must be yes or no 'perhaps'")
        #expect(configuration.errors.dropFirst().first?.description == "alsa.conf:3: unknown key in [general] of alsa.conf 'volume'")
        #expect(configuration.context == "sales")
        #expect(!configuration.autoanswer)
        #expect(configuration.inputDevice == "default")
    }

    @Test("console dial targets: nothing, EXT, EXT@CTX, @CTX", arguments: [
        (nil, "100", "office"), ("2000", "2000", "office"), ("2000@sales", "2000", "sales"), ("@sales", "100", "sales"),
    ] as [(String?, String, String)])
    func dialTarget(argument: String?, exten: String, context: String) {
        var configuration = ConsoleConfiguration()
        configuration.exten = "100"
        configuration.context = "office"
        let target = configuration.dialTarget(argument)
        #expect(target.exten == exten)
        #expect(target.context == context)
    }
}
