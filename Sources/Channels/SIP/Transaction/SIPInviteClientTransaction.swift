import NIOCore

/// An INVITE client transaction (RFC 3261 §17.1.1): retransmits the INVITE
/// on Timer A until a response (over UDP only: a stream is reliable), gives
/// up on Timer B, ACKs a non-2xx final response itself (and again for its
/// retransmissions, Timer D, zero on a stream), and hands every response to
/// the session. Lives on the SIP event loop only.
final class SIPInviteClientTransaction {
    enum State { case calling, proceeding, completed, terminated }

    let branch: String
    private let bytes: ByteBuffer
    private let path: SIPPacketSource
    private(set) var state: State = .calling
    private var timers = PendingTimers()
    /// Builds the ACK for a non-2xx final response.
    private let makeAck: (SIPMessage) -> ByteBuffer
    private var ack: ByteBuffer?
    /// Every response, and nil once on Timer B.
    private let onResponse: (SIPMessage?) -> Void
    private unowned let layer: SIPTransactionLayer

    init(branch: String, bytes: ByteBuffer, path: SIPPacketSource, layer: SIPTransactionLayer,
         makeAck: @escaping (SIPMessage) -> ByteBuffer, onResponse: @escaping (SIPMessage?) -> Void) {
        self.branch = branch
        self.bytes = bytes
        self.path = path
        self.layer = layer
        self.makeAck = makeAck
        self.onResponse = onResponse
    }

    func start() {
        // Over TCP `path.connection` carries it, and holds the connection open meanwhile.
        if let connection = path.connection { layer.transport.connections.hold(connection) }
        layer.transport.send(bytes, replyingTo: path)
        var interval = layer.timers.t1
        func armTimerA() {
            schedule(in: interval) { [weak self] in
                guard let self, self.state == .calling else { return }
                self.layer.transport.send(self.bytes, replyingTo: self.path)
                interval = interval * 2
                armTimerA()
            }
        }
        if !path.isReliable { armTimerA() }
        schedule(in: layer.timers.transactionTimeout) { [weak self] in
            guard let self, self.state == .calling || self.state == .proceeding else { return }
            self.terminate()
            self.onResponse(nil)
        }
    }

    func responseReceived(_ response: SIPMessage) {
        guard let status = response.statusCode else { return }
        switch (state, status) {
        case (.calling, 100..<200), (.proceeding, 100..<200):
            state = .proceeding
            onResponse(response)
        case (.calling, 200..<300), (.proceeding, 200..<300):
            // The session ACKs a 2xx itself, and its retransmissions too.
            terminate()
            onResponse(response)
        case (.calling, 300...), (.proceeding, 300...):
            state = .completed
            cancelTimers()
            let ack = makeAck(response)
            self.ack = ack
            layer.transport.send(ack, replyingTo: path)
            onResponse(response)
            // Timer D: keep answering retransmitted finals with the ACK; none come on a stream.
            if path.isReliable {
                terminate()
            } else {
                schedule(in: .seconds(32)) { [weak self] in self?.terminate() }
            }
        case (.completed, 300...):
            if let ack { layer.transport.send(ack, replyingTo: path) }
        default:
            break
        }
    }

    private func cancelTimers() {
        timers.cancelAll()
    }

    func terminate() {
        guard state != .terminated else { return }
        state = .terminated
        cancelTimers()
        if let connection = path.connection { layer.transport.connections.release(connection) }
        layer.remove(self)
    }
    /// A timer of this transaction; it leaves the pending set when it fires.
    private func schedule(in delay: TimeAmount, _ body: @escaping () -> Void) {
        timers.schedule(on: layer.loop, in: delay) { [weak self] id in
            self?.timers.fired(id)
            body()
        }
    }
}
