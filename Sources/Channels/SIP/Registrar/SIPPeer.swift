import PBXCore

/// A peer, user or friend from sip.conf, validated into typed values.
public struct SIPPeer: Sendable {
    public enum Kind: String, Sendable { case friend, peer, user }
    public enum HostSetting: Sendable, Equatable {
        /// `host=dynamic`: the address comes from REGISTER.
        case dynamic
        /// A fixed address or name (no brackets in sip.conf's `host`).
        case fixed(HostPort)
    }

    public var name: String
    public var kind: Kind = .friend
    public var host: HostSetting = .dynamic
    public var secret: String?
    /// `md5secret`: MD5(user:realm:secret), usable for MD5 digests only.
    public var md5secret: String?
    public var context: String
    public var callerID: CallerID?
    public var formats: FormatSet
    public var mailbox: String?
    public var transports: [String] = ["udp"]
    /// `qualify`: OPTIONS keep-alives tell whether the peer answers.
    public var qualify = false
    /// The longest round trip (ms) still counted as reachable (`qualify=<ms>`).
    public var qualifyMaxLatency = SIPPeer.defaultQualifyMaxLatency
    /// Seconds between keep-alives (`qualifyfreq`).
    public var qualifyFrequency = SIPPeer.defaultQualifyFrequency
    public var dtmfMode = "rfc2833"
    public var location: SourceLocation?

    /// Asterisk's defaults: 2000 ms, every 60 s.
    public static let defaultQualifyMaxLatency = 2000
    public static let defaultQualifyFrequency = 60

    public init(name: String, context: String, formats: FormatSet) {
        self.name = name
        self.context = context
        self.formats = formats
    }

    public var requiresAuthentication: Bool { secret != nil || md5secret != nil }
    public var isDynamic: Bool { host == .dynamic }
}
