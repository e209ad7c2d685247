import PBXCore

/// An SDP body (RFC 4566) as far as a PBX needs it: origin, connection, and
/// media lines with their payload types, rtpmap/fmtp and direction.
/// Addresses carry no brackets here (`c=IN IP6 2001:db8::1`).
public struct SessionDescription: Sendable, Equatable {
    public struct Media: Sendable, Equatable {
        public var type: String
        public var port: Int
        public var proto: String
        public var payloadTypes: [Int]
        /// `a=rtpmap:PT NAME/RATE`.
        public var rtpmap: [Int: String] = [:]
        public var fmtp: [Int: String] = [:]
        public var connection: IPAddress?
        public var direction: String?
        public var ptime: Int?

        public init(type: String, port: Int, proto: String, payloadTypes: [Int]) {
            self.type = type
            self.port = port
            self.proto = proto
            self.payloadTypes = payloadTypes
        }

        /// The encoding name of a payload type: rtpmap first, else static.
        public func encodingName(of payloadType: Int) -> String? {
            if let map = rtpmap[payloadType] { return String(map.split(separator: "/").first ?? "") }
            return AudioFormat.known.first { $0.staticPayloadType.map(Int.init) == payloadType }?.encodingName
        }
    }

    public var originUser = "-"
    public var sessionID: UInt64 = 0
    public var sessionVersion: UInt64 = 0
    public var originAddress: IPAddress = .anyIPv4
    public var sessionName = "-"
    public var connection: IPAddress?
    public var media: [Media] = []

    public init() {}

    /// The connection address of `media`: its own `c=` or the session's.
    public func connection(for media: Media) -> IPAddress? { media.connection ?? connection }

    public var audio: Media? { media.first { $0.type == "audio" } }
}
