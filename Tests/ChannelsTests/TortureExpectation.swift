import Channels
import Foundation
import PBXCore
import Testing

/// What RFC 4475 or RFC 5118 says about one torture message, in the terms
/// the parser's API can show. Keyed by `TortureFixture.key`.
struct TortureExpectation: Sendable {
    enum Outcome: Sendable {
        /// The RFC calls the message valid: it must parse and the facts hold.
        case accept(Facts)
        /// Valid per the RFC, but its Content-Length (`stated`) counts more
        /// octets than the body has, which RFC 3261 §18.3 makes a framing
        /// error: the octets as given must be refused, and once the field
        /// counts the body the facts must hold.
        case acceptOnceFramed(Facts, stated: Int)
        /// The message cannot be taken as a request or response at all.
        case reject
        /// The RFC asks for a rejection but lets an element be liberal, or
        /// leaves the answer (400, 501, 505) to the layer above the parser.
        /// Either the parser refuses it, or `check` shows that the message
        /// it produced keeps the defect visible (or reads it the way the RFC
        /// allows) instead of hiding it.
        case rejectOrFlag(@Sendable (SIPMessage) -> Void)
    }

    /// An IPv6 (or other) literal a Via entry's sent-by must hold.
    struct ViaLiteral: Sendable {
        var index: Int
        var address: String
        var port: Int? = nil
    }

    /// The facts the RFC states about a valid message.
    struct Facts: Sendable {
        var method: String? = nil
        /// The Request-URI as text, for URIs without an IPv6 literal.
        var requestURI: String? = nil
        /// For an IPv6-literal Request-URI: its user, address and port.
        var requestUser: String? = nil
        var requestAddress: String? = nil
        var requestPort: Int? = nil
        var statusCode: Int? = nil
        var callID: String
        var viaCount: Int
        var viaLiterals: [ViaLiteral] = []
        /// The Content-Length field's value; the body is that many octets
        /// from the start of what follows the header section.
        var contentLength: Int
        /// Further facts the RFC's prose names for this message.
        var more: (@Sendable (SIPMessage) -> Void)? = nil
    }

    var section: String
    var outcome: Outcome

    init(_ section: String, _ outcome: Outcome) {
        self.section = section
        self.outcome = outcome
    }

    /// Whether the RFC files the message with the valid ones.
    var isValid: Bool {
        switch outcome {
        case .accept, .acceptOnceFramed: true
        case .reject, .rejectOrFlag: false
        }
    }

    /// Every expectation: RFC 4475 §3.1.1 and §3.1.2, RFC 5118 §4.
    static var all: [String: TortureExpectation] {
        rfc4475Valid.merging(rfc4475Invalid) { first, _ in first }.merging(rfc5118) { first, _ in first }
    }

    /// The host a literal address text names, for comparing with `Host`.
    static func host(_ literal: String) -> PBXCore.Host? {
        IPAddress(literal).map { PBXCore.Host.address($0) }
    }

    /// A URI user part with its `%HH` escapes decoded, as the RFCs describe users.
    static func unescaped(_ text: String?) -> String? {
        text?.removingPercentEncoding
    }
}
