/// Why bytes did not make a SIP message. `description` is fit for a 400's
/// reason phrase and for logs.
public struct SIPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
