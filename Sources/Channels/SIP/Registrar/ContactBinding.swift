import Foundation
import PBXCore

/// One registered contact of a peer: where to reach it and through which of
/// our sockets, until when.
public struct ContactBinding: Sendable {
    public var contact: SIPURI
    /// Where the REGISTER really came from: what requests to the peer use.
    public var source: SIPPacketSource
    public var expires: Date
    public var userAgent: String?

    public func secondsLeft(now: Date = Date()) -> Int { max(0, Int(expires.timeIntervalSince(now).rounded())) }
}
