import NIOCore
import PBXCore

/// A SIP call as the dialplan sees it. Each operation hands over to the SIP
/// event loop explicitly and awaits the future the session gives back.
public final class SIPChannel: PBXCore.Channel {
    public let record: ChannelRecord
    public let nativeFormat: AudioFormat
    private let call: SIPCall
    private let loop: any EventLoop

    init(call: SIPCall, loop: any EventLoop) {
        self.call = call
        self.record = call.record
        self.nativeFormat = call.negotiation.format
        self.loop = loop
    }

    public func answer() async throws {
        try await loop.flatSubmit { self.call.answer() }.get()
    }

    public func play(_ source: AudioSource) async throws {
        guard !isHungUp else { throw ChannelError.hungUp }
        try await loop.flatSubmit { self.call.rtp.play(source) }.get()
        if isHungUp { throw ChannelError.hungUp }
    }

    public func wait(_ duration: Duration) async throws {
        let components = duration.components
        let nanoseconds = components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
        try await loop.flatSubmit { self.call.wait(.nanoseconds(nanoseconds)) }.get()
    }

    public func hangup(cause: HangupCause) async {
        try? await loop.submit { self.call.hangup(cause: cause) }.get()
    }

    /// RTP counters, read on the loop.
    public func rtpStatistics() async -> RTPStatistics {
        (try? await loop.submit { self.call.rtp.statistics }.get()) ?? RTPStatistics()
    }

    /// The far end of the media, for `sip show channels`.
    public var remoteSignalling: HostPort { call.source.remoteHostPort }
    public var callID: String { call.invite.callID }
    public var formatName: String { nativeFormat.name }
}
