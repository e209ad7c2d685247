/// A media format as the core knows it: name (Asterisk's), clock rate and,
/// where one is fixed by RFC 3551, the static RTP payload type.
public struct AudioFormat: Hashable, Sendable, CustomStringConvertible {
    /// Asterisk's short name: `ulaw`, `alaw`, `slin`, `slin16`.
    public let name: String
    /// The SDP encoding name (`PCMU`), empty where the format never goes in SDP.
    public let encodingName: String
    public let sampleRate: Int
    /// The static RTP payload type, if the format has one.
    public let staticPayloadType: UInt8?
    /// Bytes one sample takes once encoded, for the fixed-rate formats here.
    public let bytesPerSample: Int

    public init(name: String, encodingName: String, sampleRate: Int, staticPayloadType: UInt8?, bytesPerSample: Int) {
        self.name = name
        self.encodingName = encodingName
        self.sampleRate = sampleRate
        self.staticPayloadType = staticPayloadType
        self.bytesPerSample = bytesPerSample
    }

    public static let ulaw = AudioFormat(name: "ulaw", encodingName: "PCMU", sampleRate: 8000, staticPayloadType: 0, bytesPerSample: 1)
    public static let alaw = AudioFormat(name: "alaw", encodingName: "PCMA", sampleRate: 8000, staticPayloadType: 8, bytesPerSample: 1)
    public static let slin = AudioFormat(name: "slin", encodingName: "L16", sampleRate: 8000, staticPayloadType: nil, bytesPerSample: 2)
    public static let slin16 = AudioFormat(name: "slin16", encodingName: "L16", sampleRate: 16000, staticPayloadType: nil, bytesPerSample: 2)

    /// Every format this build knows, in the default order of preference.
    public static let known: [AudioFormat] = [.ulaw, .alaw, .slin, .slin16]

    /// Looks a format up by its Asterisk name (`ulaw`) or SDP name (`PCMU`), case-insensitively.
    public static func named(_ name: String) -> AudioFormat? {
        let lowered = name.lowercased()
        return known.first { $0.name == lowered || $0.encodingName.lowercased() == lowered && $0.staticPayloadType != nil }
    }

    /// Samples in one frame of `milliseconds`.
    public func samples(milliseconds: Int) -> Int { sampleRate * milliseconds / 1000 }

    public var description: String { name }
}
