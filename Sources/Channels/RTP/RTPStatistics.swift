/// Counters of one RTP session, for `sip show channels` and tests.
public struct RTPStatistics: Sendable, Equatable {
    public var packetsSent = 0
    public var packetsReceived = 0
    public var bytesReceived = 0
    public var lastReceivedSequence: UInt16?
}
