import PBXCore

/// A SIP request or response as received: parsed once at the edge into
/// typed values (the headers every layer needs), with the rest kept as text.
public struct SIPMessage: Sendable {
    public enum StartLine: Sendable, Hashable {
        case request(method: SIPMethod, uri: SIPURI)
        case response(statusCode: Int, reason: String)
    }

    public var startLine: StartLine
    public var headers: SIPHeaders
    public var body: [UInt8]

    public var via: [Via]
    public var from: NameAddr
    public var to: NameAddr
    public var callID: String
    public var cseq: CSeq
    public var maxForwards: Int?
    /// Contact entries; empty for none or for `Contact: *`.
    public var contacts: [NameAddr]
    public var contactIsWildcard: Bool
    public var expires: Int?

    public var isRequest: Bool {
        if case .request = startLine { return true }
        return false
    }

    public var method: SIPMethod? {
        if case .request(let method, _) = startLine { return method }
        return nil
    }

    public var requestURI: SIPURI? {
        if case .request(_, let uri) = startLine { return uri }
        return nil
    }

    public var statusCode: Int? {
        if case .response(let code, _) = startLine { return code }
        return nil
    }

    public var reasonPhrase: String? {
        if case .response(_, let reason) = startLine { return reason }
        return nil
    }

    /// The top Via's branch: the transaction key of RFC 3261 §17.2.3.
    public var branch: String? { via.first?.branch }

    public var contentType: String? { headers["Content-Type"] }
}
