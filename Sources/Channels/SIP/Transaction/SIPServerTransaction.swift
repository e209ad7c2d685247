import NIOCore

/// A server transaction (RFC 3261 §17.2): absorbs retransmitted requests by
/// re-sending the last response, retransmits a final INVITE response until the
/// ACK (Timer G, over UDP only), gives up on Timer H, and lingers to catch
/// late retransmissions (Timer I/J, zero on a reliable transport).
/// Lives on the SIP event loop only.
final class SIPServerTransaction {
    enum State { case trying, proceeding, completed, confirmed, terminated }

    let key: String
    let request: SIPMessage
    let source: SIPPacketSource
    private(set) var state: State = .trying
    private(set) var lastResponse: ByteBuffer?
    private(set) var lastStatus: Int?
    private var timers = PendingTimers()
    private unowned let layer: SIPTransactionLayer

    var isInvite: Bool { request.method == .invite }

    init(key: String, request: SIPMessage, source: SIPPacketSource, layer: SIPTransactionLayer) {
        self.key = key
        self.request = request
        self.source = source
        self.layer = layer
        state = request.method == .invite ? .proceeding : .trying
        // A connection with a transaction pending is in use, never idle.
        if let connection = source.connection { layer.transport.connections.hold(connection) }
    }

    /// Sends a response and moves the state machine.
    func respond(_ bytes: ByteBuffer, status: Int) {
        guard state == .trying || state == .proceeding else { return }
        lastResponse = bytes
        lastStatus = status
        layer.transport.send(bytes, replyingTo: source)
        if status < 200 {
            state = .proceeding
            return
        }
        let timing = layer.timers
        if isInvite {
            if status < 300 {
                // A 2xx ends the INVITE transaction; the session retransmits it.
                terminate()
                return
            }
            state = .completed
            if !source.isReliable {
                var interval = timing.t1
                func armRetransmit() {
                    schedule(in: interval) { [weak self] in
                        guard let self, self.state == .completed, let bytes = self.lastResponse else { return }
                        self.layer.transport.send(bytes, replyingTo: self.source)
                        interval = timing.backoff(interval)
                        armRetransmit()
                    }
                }
                armRetransmit()
            }
            // Timer H: waiting for the ACK, on any transport.
            schedule(in: timing.transactionTimeout) { [weak self] in
                self?.terminate()
            }
        } else {
            state = .completed
            // Timer J: 64·T1 for UDP, zero for a stream.
            if source.isReliable {
                terminate()
                return
            }
            schedule(in: timing.transactionTimeout) { [weak self] in
                self?.terminate()
            }
        }
    }

    /// A retransmission of the request arrived.
    func retransmissionReceived() {
        guard state == .proceeding || state == .completed, let bytes = lastResponse else { return }
        layer.transport.send(bytes, replyingTo: source)
    }

    /// The ACK for a non-2xx final response.
    func ackReceived() {
        guard state == .completed, isInvite else { return }
        state = .confirmed
        cancelTimers()
        // Timer I: T4 for UDP, zero for a stream.
        if source.isReliable {
            terminate()
            return
        }
        schedule(in: layer.timers.t4) { [weak self] in
            self?.terminate()
        }
    }

    func terminate() {
        guard state != .terminated else { return }
        state = .terminated
        cancelTimers()
        if let connection = source.connection { layer.transport.connections.release(connection) }
        layer.remove(self)
    }

    private func cancelTimers() {
        timers.cancelAll()
    }
    /// A timer of this transaction; it leaves the pending set when it fires.
    private func schedule(in delay: TimeAmount, _ body: @escaping () -> Void) {
        timers.schedule(on: layer.loop, in: delay) { [weak self] id in
            self?.timers.fired(id)
            body()
        }
    }
}
