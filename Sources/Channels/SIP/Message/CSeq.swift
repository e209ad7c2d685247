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
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let number = UInt32(parts[0]), SIPToken.isToken(parts[1]) else {
            throw SIPParseError("bad CSeq '\(text)'")
        }
        self.number = number
        self.method = SIPMethod(String(parts[1]))
    }

    public var description: String { "\(number) \(method.rawValue)" }
}
