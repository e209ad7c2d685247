import NIOCore

/// One frame of media as a bridge relays it: voice, or an RFC 4733 event,
/// with the timing it arrived with. The payload is a slice of the received
/// datagram, so relaying it costs no allocation.
public struct MediaFrame: Sendable {
    public enum Kind: Sendable, Equatable { case voice, telephoneEvent }

    public var kind: Kind
    public var marker: Bool
    public var timestamp: UInt32
    /// The sender's stream identity; a change means a new stream (re-INVITE).
    public var source: UInt32
    public var payload: ByteBuffer

    public init(kind: Kind, marker: Bool, timestamp: UInt32, source: UInt32, payload: ByteBuffer) {
        self.kind = kind
        self.marker = marker
        self.timestamp = timestamp
        self.source = source
        self.payload = payload
    }
}

/// The media side of a channel, as a bridge joins it to another: frames
/// received are handed to the peer, on this endpoint's event loop.
public protocol MediaEndpoint: AnyObject, Sendable {
    var eventLoop: any EventLoop { get }
    var format: AudioFormat { get }
    /// The far end's fmtp for `format` (Opus: `useinbandfec`, `maxplaybackrate`),
    /// which an encoder toward this endpoint honours. Read on `eventLoop`.
    var formatParameters: String { get }
    /// Where received frames go from now on (nil: nowhere). Call on `eventLoop`.
    func setPeer(_ peer: (any MediaEndpoint)?)
    /// Sends a frame that arrived on the peer. Called on `eventLoop`.
    func relay(_ frame: MediaFrame)
    /// Sends a digit that arrived out of band on the peer (SIP INFO),
    /// generated in this endpoint's own way. Called on `eventLoop`.
    func sendDigit(_ digit: Character, duration: Duration)
}

extension MediaEndpoint {
    public var formatParameters: String { "" }
}
