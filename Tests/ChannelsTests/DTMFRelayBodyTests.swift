@testable import Channels
import Testing

@Suite("DTMFRelayBody")
struct DTMFRelayBodyTests {
    private let relay = "application/dtmf-relay"
    private let bare = "application/dtmf"

    private func parse(_ text: String, _ contentType: String? = "application/dtmf-relay") throws(DTMFRelayBody.ParseError) -> DTMFRelayBody {
        try DTMFRelayBody(parsing: Array(text.utf8), contentType: contentType)
    }

    private func failure(_ text: String, _ contentType: String? = "application/dtmf-relay") -> DTMFRelayBody.ParseError? {
        do throws(DTMFRelayBody.ParseError) {
            _ = try parse(text, contentType)
            return nil
        } catch {
            return error
        }
    }

    @Test func signalAndDuration() throws {
        // "Signal=5\r\nDuration=160\r\n" as it comes off the wire.
        let bytes: [UInt8] = [0x53, 0x69, 0x67, 0x6E, 0x61, 0x6C, 0x3D, 0x35, 0x0D, 0x0A,
                              0x44, 0x75, 0x72, 0x61, 0x74, 0x69, 0x6F, 0x6E, 0x3D, 0x31, 0x36, 0x30, 0x0D, 0x0A]
        let body = try DTMFRelayBody(parsing: bytes, contentType: relay)
        #expect(body.digit == "5")
        #expect(body.durationMilliseconds == 160)
        #expect(body.duration == .milliseconds(160))
    }

    @Test(arguments: ["SIGNAL=#\r\nDURATION=250\r\n", "signal=#\r\nduration=250", "SiGnAl = # \r\n dUrAtIoN= 250 \r\n",
                      "Duration=250\nSignal=#\n", "Signal=#\rDuration=250\r", "\r\nSignal=#\r\n\r\nDuration=250\r\n\r\n",
                      "Signal=#\r\nDuration=250\r\nVolume=10\r\n", "Signal=11\r\nDuration=250\r\n"])
    func keysInAnyCaseOrderAndLayout(_ text: String) throws {
        let body = try parse(text)
        #expect(body.digit == "#")
        #expect(body.durationMilliseconds == 250)
    }

    @Test func everySignalCharacter() throws {
        let expected: [(String, Character)] = [
            ("0", "0"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6"), ("7", "7"), ("8", "8"), ("9", "9"),
            ("*", "*"), ("#", "#"), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D"), ("a", "A"), ("b", "B"), ("c", "C"), ("d", "D"),
        ]
        for (signal, digit) in expected {
            #expect(try parse("Signal=\(signal)\r\nDuration=100\r\n").digit == digit)
        }
    }

    @Test func eventCodesForTheNonDigitSignals() throws {
        let expected: [(String, Character)] = [("10", "*"), ("11", "#"), ("12", "A"), ("13", "B"), ("14", "C"), ("15", "D")]
        for (signal, digit) in expected {
            #expect(try parse("Signal=\(signal)\r\n").digit == digit)
        }
    }

    @Test func missingDurationGivesTheDefault() throws {
        let body = try parse("Signal=7\r\n")
        #expect(body.digit == "7")
        #expect(body.durationMilliseconds == DTMFRelayBody.defaultMilliseconds)
        #expect(body.durationMilliseconds == 250)
    }

    @Test func durationLimits() throws {
        #expect(try parse("Signal=1\r\nDuration=0\r\n").durationMilliseconds == 0)
        #expect(try parse("Signal=1\r\nDuration=60000\r\n").durationMilliseconds == 60000)
        #expect(failure("Signal=1\r\nDuration=60001\r\n") == .badDuration(line: 2, value: "60001"))
    }

    @Test(arguments: [
        ("Signal=1\r\nDuration=abc\r\n", "abc"),
        ("Signal=1\r\nDuration=-5\r\n", "-5"),
        ("Signal=1\r\nDuration=+5\r\n", "+5"),
        ("Signal=1\r\nDuration=\r\n", ""),
        ("Signal=1\r\nDuration=1 60\r\n", "1 60"),
        ("Signal=1\r\nDuration=99999999999999999999999\r\n", "99999999999999999999999"),
    ])
    func badDurations(_ text: String, _ value: String) {
        #expect(failure(text) == .badDuration(line: 2, value: value))
    }

    @Test(arguments: ["X", "E", "!", "16", "55", "05", "1 2", "", "##", "\u{FF11}"])
    func badSignals(_ signal: String) {
        #expect(failure("Duration=100\r\nSignal=\(signal)\r\n") == .badSignal(line: 2, value: signal))
    }

    @Test func missingSignal() {
        #expect(failure("Duration=160\r\n") == .missingSignal)
        #expect(failure("Volume=3\r\n") == .missingSignal)
    }

    @Test(arguments: ["", "\r\n", "  \r\n\t\r\n"])
    func emptyBodies(_ text: String) {
        #expect(failure(text) == .emptyBody)
        #expect(failure(text, "application/dtmf") == .emptyBody)
    }

    @Test func lineWithoutEqualsIsNamedByNumber() {
        #expect(failure("Signal=5\r\nDuration 160\r\n") == .malformedLine(line: 2, text: "Duration 160"))
        #expect(failure("\r\n\r\nSignal5\r\n") == .malformedLine(line: 3, text: "Signal5"))
        #expect(failure("=5\r\n") == .malformedLine(line: 1, text: "=5"))
    }

    @Test func repeatedKeysAreRefused() {
        #expect(failure("Signal=5\r\nsignal=6\r\n") == .duplicateKey(line: 2, key: "signal"))
        #expect(failure("Signal=5\r\nDuration=100\r\nDURATION=100\r\n") == .duplicateKey(line: 3, key: "DURATION"))
    }

    @Test(arguments: ["5", "5\r\n", " 5 \r\n", "\r\n5\r\n\r\n"])
    func bareDigitForm(_ text: String) throws {
        let body = try parse(text, bare)
        #expect(body.digit == "5")
        #expect(body.durationMilliseconds == DTMFRelayBody.defaultMilliseconds)
    }

    @Test func bareFormTakesEverySignal() throws {
        #expect(try parse("*", bare).digit == "*")
        #expect(try parse("#", bare).digit == "#")
        #expect(try parse("d", bare).digit == "D")
        #expect(try parse("11", bare).digit == "#")
    }

    @Test func bareFormErrors() {
        #expect(failure("X\r\n", bare) == .badSignal(line: 1, value: "X"))
        #expect(failure("Signal=5\r\n", bare) == .badSignal(line: 1, value: "Signal=5"))
        #expect(failure("5\r\n6\r\n", bare) == .malformedLine(line: 2, text: "6"))
    }

    @Test(arguments: ["Application/DTMF-Relay", "application/dtmf-relay; charset=utf-8", " APPLICATION/DTMF-RELAY ;x=y"])
    func contentTypeIgnoresCaseAndParameters(_ contentType: String) throws {
        #expect(DTMFRelayBody.isDTMF(contentType: contentType))
        #expect(try parse("Signal=9\r\n", contentType).digit == "9")
    }

    @Test func bareContentTypeIgnoresCaseAndParameters() throws {
        #expect(DTMFRelayBody.isDTMF(contentType: "Application/DTMF;foo=bar"))
        #expect(try parse("9", "Application/DTMF;foo=bar").digit == "9")
    }

    @Test(arguments: ["text/plain", "application/sdp", "application/dtmf-relay2", "application/dtmfrelay", ""])
    func otherContentTypesAreRefused(_ contentType: String) {
        #expect(!DTMFRelayBody.isDTMF(contentType: contentType))
        #expect(failure("Signal=1\r\n", contentType) == .unsupportedContentType(contentType))
    }

    @Test func missingContentTypeIsRefused() {
        #expect(!DTMFRelayBody.isDTMF(contentType: nil))
        #expect(failure("Signal=1\r\n", nil) == .unsupportedContentType(""))
    }

    @Test func relayBodyIsWrittenInTheUsualForm() throws {
        let body = try #require(DTMFRelayBody(digit: "a", durationMilliseconds: 160))
        #expect(body.relayBody == Array("Signal=A\r\nDuration=160\r\n".utf8))
        #expect(try DTMFRelayBody(parsing: body.relayBody, contentType: DTMFRelayBody.relayContentType) == body)
    }

    @Test func digitInitialiserRefusesNonDigitsAndBoundsTheDuration() {
        #expect(DTMFRelayBody(digit: "E") == nil)
        #expect(DTMFRelayBody(digit: "1", durationMilliseconds: -3)?.durationMilliseconds == 0)
        #expect(DTMFRelayBody(digit: "1", durationMilliseconds: 1_000_000)?.durationMilliseconds == DTMFRelayBody.maximumMilliseconds)
    }

    @Test func errorsNameTheLineAndTheValue() {
        let badDuration = DTMFRelayBody.ParseError.badDuration(line: 2, value: "abc").description
        #expect(badDuration.contains("line 2") && badDuration.contains("'abc'"))
        let badSignal = DTMFRelayBody.ParseError.badSignal(line: 1, value: "X").description
        #expect(badSignal.contains("line 1") && badSignal.contains("'X'"))
        #expect(DTMFRelayBody.ParseError.unsupportedContentType("text/plain").description.contains("text/plain"))
        #expect(DTMFRelayBody.ParseError.malformedLine(line: 4, text: "Signal5").description.contains("line 4"))
    }
}
