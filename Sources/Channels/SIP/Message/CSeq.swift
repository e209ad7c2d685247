/// The CSeq header: sequence number and method.
public struct CSeq: Sendable, Hashable, CustomStringConvertible {
    public var number: UInt32
    public var method: SIPMethod

    public init(number: UInt32, method: SIPMethod) {
        self.number = number
        self.method = method
    }

    /// Parses `4711 INVITE`.
    public init(parsing text: Substring) throws(SIPParseError) {
        self = try text.withSIPBytes { bytes throws(SIPParseError) in try CSeq(bytes: bytes) }
    }

    init(bytes text: SIPBytes) throws(SIPParseError) {
        // Exactly two words between spaces and tabs.
        var first: SIPBytes?
        var second: SIPBytes?
        var words = 0
        var index = text.startIndex
        while index < text.endIndex, words <= 2 {
            while index < text.endIndex, text.base[index] == 0x20 || text.base[index] == 0x09 { index += 1 }
            let start = index
            while index < text.endIndex, text.base[index] != 0x20, text.base[index] != 0x09 { index += 1 }
            guard index > start else { break }
            words += 1
            if words == 1 { first = text[start..<index] } else { second = text[start..<index] }
        }
        guard words == 2, let first, let second, let number = UInt32(first.text), SIPToken.isToken(second) else {
            throw SIPParseError("bad CSeq '\(text.text)'")
        }
        self.number = number
        self.method = SIPMethod(second.text)
    }

    public var description: String { "\(number) \(method.rawValue)" }
}
