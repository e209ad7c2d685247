/// A DTMF digit carried in the body of a SIP INFO request, in either form
/// phones use:
///
/// - `application/dtmf-relay`: `Signal=5\r\nDuration=160\r\n` (keys in any
///   case, Duration in milliseconds and optional, other keys ignored);
/// - `application/dtmf`: the bare digit, `5`.
///
/// A signal is one of `0-9 * # A-D` (`a-d` taken as upper case) or its event
/// code `10`–`15`, as some gateways send for `* # A-D`.
public struct DTMFRelayBody: Sendable, Hashable {
    /// Why a body does not give a digit. `line` counts from 1 within the body.
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case unsupportedContentType(String)
        case emptyBody
        case malformedLine(line: Int, text: String)
        case missingSignal
        case duplicateKey(line: Int, key: String)
        case badSignal(line: Int, value: String)
        case badDuration(line: Int, value: String)

        public var description: String {
            switch self {
            case .unsupportedContentType(let type): "INFO body of type '\(type)' is not DTMF"
            case .emptyBody: "empty DTMF INFO body"
            case .malformedLine(let line, let text): "DTMF INFO body line \(line): expected key=value, got '\(text)'"
            case .missingSignal: "DTMF INFO body has no Signal"
            case .duplicateKey(let line, let key): "DTMF INFO body line \(line): '\(key)' given twice"
            case .badSignal(let line, let value): "DTMF INFO body line \(line): '\(value)' is not a DTMF signal"
            case .badDuration(let line, let value):
                "DTMF INFO body line \(line): Duration '\(value)' is not 0-\(DTMFRelayBody.maximumMilliseconds) ms"
            }
        }
    }

    /// The digit, `0-9 * # A-D`.
    public let digit: Character
    /// How long the key was held, in milliseconds.
    public let durationMilliseconds: Int

    /// Used when the body gives no Duration.
    public static let defaultMilliseconds = 250
    /// Longest Duration accepted; anything above is not a key press.
    public static let maximumMilliseconds = 60_000
    /// Content type of the `Signal=`/`Duration=` form.
    public static let relayContentType = "application/dtmf-relay"
    /// Content type of the bare-digit form.
    public static let bareContentType = "application/dtmf"

    /// `digit` must be one of `0-9 * # A-D` (`a-d` allowed); nil otherwise.
    public init?(digit: Character, durationMilliseconds: Int = DTMFRelayBody.defaultMilliseconds) {
        guard let code = TelephoneEvent.eventCode(for: digit), let canonical = TelephoneEvent.digit(forEventCode: code) else {
            return nil
        }
        self.digit = canonical
        self.durationMilliseconds = min(max(0, durationMilliseconds), DTMFRelayBody.maximumMilliseconds)
    }

    /// How long the key was held.
    public var duration: Duration { .milliseconds(durationMilliseconds) }

    /// Whether an INFO with this Content-Type carries DTMF (parameters and
    /// case do not matter).
    public static func isDTMF(contentType: String?) -> Bool {
        guard let mediaType = mediaType(of: contentType) else { return false }
        return mediaType == relayContentType || mediaType == bareContentType
    }

    /// Parses an INFO body of the given Content-Type.
    public init(parsing body: [UInt8], contentType: String?) throws(ParseError) {
        let mediaType = DTMFRelayBody.mediaType(of: contentType)
        let text = String(decoding: body, as: UTF8.self)
        switch mediaType {
        case DTMFRelayBody.relayContentType:
            self = try DTMFRelayBody.parseRelay(text)
        case DTMFRelayBody.bareContentType:
            self = try DTMFRelayBody.parseBare(text)
        default:
            throw .unsupportedContentType(contentType ?? "")
        }
    }

    /// The `application/dtmf-relay` body for this digit.
    public var relayBody: [UInt8] {
        Array("Signal=\(digit)\r\nDuration=\(durationMilliseconds)\r\n".utf8)
    }

    private static func parseRelay(_ text: String) throws(ParseError) -> DTMFRelayBody {
        var signal: Character?
        var milliseconds: Int?
        var sawContent = false
        for (index, rawLine) in lines(of: text).enumerated() {
            let line = trimmed(rawLine)
            guard !line.isEmpty else { continue }
            sawContent = true
            let number = index + 1
            guard let equals = line.firstIndex(of: "=") else { throw .malformedLine(line: number, text: String(line)) }
            let key = trimmed(line[..<equals])
            let value = trimmed(line[line.index(after: equals)...])
            guard !key.isEmpty else { throw .malformedLine(line: number, text: String(line)) }
            switch key.lowercased() {
            case "signal":
                guard signal == nil else { throw .duplicateKey(line: number, key: String(key)) }
                guard let digit = signalDigit(value) else { throw .badSignal(line: number, value: String(value)) }
                signal = digit
            case "duration":
                guard milliseconds == nil else { throw .duplicateKey(line: number, key: String(key)) }
                guard isDecimal(value), let parsed = Int(value), parsed <= maximumMilliseconds else {
                    throw .badDuration(line: number, value: String(value))
                }
                milliseconds = parsed
            default:
                continue
            }
        }
        guard sawContent else { throw .emptyBody }
        guard let signal, let body = DTMFRelayBody(digit: signal, durationMilliseconds: milliseconds ?? defaultMilliseconds) else {
            throw .missingSignal
        }
        return body
    }

    private static func parseBare(_ text: String) throws(ParseError) -> DTMFRelayBody {
        let meaningful = lines(of: text).enumerated().map { ($0.offset + 1, trimmed($0.element)) }.filter { !$0.1.isEmpty }
        guard let (number, value) = meaningful.first else { throw .emptyBody }
        if let extra = meaningful.dropFirst().first { throw .malformedLine(line: extra.0, text: String(extra.1)) }
        guard let digit = signalDigit(value), let body = DTMFRelayBody(digit: digit) else {
            throw .badSignal(line: number, value: String(value))
        }
        return body
    }

    /// One digit character, or the event code 10–15 of `* # A-D` in decimal.
    private static func signalDigit(_ value: Substring) -> Character? {
        if value.count == 1, let character = value.first, TelephoneEvent.eventCode(for: character) != nil {
            return character
        }
        guard value.count == 2, isDecimal(value), let code = UInt8(value), code >= 10 else { return nil }
        return TelephoneEvent.digit(forEventCode: code)
    }

    /// Lines split at CRLF, LF or a lone CR.
    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    private static func isDecimal(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { ("0"..."9").contains($0) }
    }

    /// `type/subtype` in lower case, parameters dropped.
    private static func mediaType(of contentType: String?) -> String? {
        guard let contentType, let first = contentType.split(separator: ";", omittingEmptySubsequences: false).first else {
            return nil
        }
        return trimmed(first).lowercased()
    }
}
