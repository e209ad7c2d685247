import PBXCore

/// sip.conf `[general]`, validated.
public struct SIPSettings: Sendable {
    /// Every UDP socket to open (`bindaddr`/`udpbindaddr`, each its own).
    public var udpBindAddresses: [HostPort] = []
    /// `tcpenable`: SIP over TCP as well (RFC 3261 §18).
    public var tcpEnabled = false
    /// Every TCP listening socket (`tcpbindaddr`, the forms of `bindaddr`);
    /// with TCP enabled, a family with none gets its wildcard on `bindport`.
    public var tcpBindAddresses: [HostPort] = []
    public var bindPort = 5060
    public var context = "default"
    public var allowGuest = true
    public var formats = FormatSet.default
    public var realm = "swiftpbx"
    /// Digest challenges offered, most preferred first (RFC 8760 §2.4).
    /// SwiftPBX's own key `digestalgorithms`, for clients that only read
    /// the first challenge.
    public var digestAlgorithms: [DigestAlgorithm] = [.sha256, .md5]
    public var alwaysAuthReject = true
    public var userAgent = "SwiftPBX"
    public var minExpiry = 60
    public var maxExpiry = 3600
    public var defaultExpiry = 120
    public var dtmfMode = "rfc2833"
    public var rtpTimeout = 0
    /// How long a digest nonce stays fresh before it is answered `stale=true`.
    public var nonceLifetime = 30

    public init() {}
}
