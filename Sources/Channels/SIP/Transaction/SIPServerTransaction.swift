import NIOCore

/// A server transaction (RFC 3261 §17.2): absorbs retransmitted requests by
/// re-sending the last response, retransmits a final INVITE response until the
/// ACK (Timer G/H), and lingers to catch late retransmissions (Timer I/J).
/// Lives on the SIP event loop only.
final class SIPServerTransaction {
    enum State { case trying, proceeding, completed, confirmed, terminated }

    let key: String
    let request: SIPMessage
    let source: SIPPacketSource
    private(set) var state: State = .trying
    private(set) var lastResponse: ByteBuffer?
    private(set) var lastStatus: Int?
    private var timers: [Scheduled<Void>] = []
    private unowned let layer: SIPTransactionLayer

    var isInvite: Bool { request.method == .invite }

    init(key: String, request: SIPMessage, source: SIPPacketSource, layer: SIPTransactionLayer) {
        self.key = key
        self.request = request
        self.source = source
        self.layer = layer
        state = request.method == .invite ? .proceeding : .trying
    }

    /// Sends a response and moves the state machine.
    func respond(_ bytes: ByteBuffer, status: Int) {
        guard state == .trying || state == .proceeding else { return }
        lastResponse = bytes
        lastStatus = status
        layer.transport.send(bytes, to: source.remote, socketIndex: source.socketIndex)
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
            var interval = timing.t1
            func armRetransmit() {
                timers.append(layer.loop.assumeIsolated().scheduleTask(in: interval) { [weak self] in
                    guard let self, self.state == .completed, let bytes = self.lastResponse else { return }
                    self.layer.transport.send(bytes, to: self.source.remote, socketIndex: self.source.socketIndex)
                    interval = timing.backoff(interval)
                    armRetransmit()
                })
            }
            armRetransmit()
            timers.append(layer.loop.assumeIsolated().scheduleTask(in: timing.transactionTimeout) { [weak self] in
                self?.terminate()
            })
        } else {
            state = .completed
            timers.append(layer.loop.assumeIsolated().scheduleTask(in: timing.transactionTimeout) { [weak self] in
                self?.terminate()
            })
        }
    }

    /// A retransmission of the request arrived.
    func retransmissionReceived() {
        guard state == .proceeding || state == .completed, let bytes = lastResponse else { return }
        layer.transport.send(bytes, to: source.remote, socketIndex: source.socketIndex)
    }

    /// The ACK for a non-2xx final response.
    func ackReceived() {
        guard state == .completed, isInvite else { return }
        state = .confirmed
        cancelTimers()
        timers.append(layer.loop.assumeIsolated().scheduleTask(in: layer.timers.t4) { [weak self] in
            self?.terminate()
        })
    }

    func terminate() {
        guard state != .terminated else { return }
        state = .terminated
        cancelTimers()
        layer.remove(self)
    }

    private func cancelTimers() {
        for timer in timers { timer.cancel() }
        timers.removeAll()
    }
}
