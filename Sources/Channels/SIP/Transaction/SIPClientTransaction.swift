import NIOCore

/// A non-INVITE client transaction (RFC 3261 §17.1.2): retransmits the request
/// on Timer E until a response, gives up on Timer F, and reports the final
/// response (or nil on timeout) once. Lives on the SIP event loop only.
final class SIPClientTransaction {
    enum State { case trying, proceeding, completed, terminated }

    let branch: String
    private let bytes: ByteBuffer
    private let remote: SocketAddress
    private let socketIndex: Int
    private var state: State = .trying
    private var timers: [Scheduled<Void>] = []
    private var completion: ((SIPMessage?) -> Void)?
    private unowned let layer: SIPTransactionLayer

    init(branch: String, bytes: ByteBuffer, remote: SocketAddress, socketIndex: Int, layer: SIPTransactionLayer,
         completion: @escaping (SIPMessage?) -> Void) {
        self.branch = branch
        self.bytes = bytes
        self.remote = remote
        self.socketIndex = socketIndex
        self.layer = layer
        self.completion = completion
    }

    func start() {
        layer.transport.send(bytes, to: remote, socketIndex: socketIndex)
        let timing = layer.timers
        var interval = timing.t1
        func armRetransmit() {
            timers.append(layer.loop.assumeIsolated().scheduleTask(in: interval) { [weak self] in
                guard let self, self.state == .trying || self.state == .proceeding else { return }
                self.layer.transport.send(self.bytes, to: self.remote, socketIndex: self.socketIndex)
                interval = self.state == .proceeding ? timing.t2 : timing.backoff(interval)
                armRetransmit()
            })
        }
        armRetransmit()
        timers.append(layer.loop.assumeIsolated().scheduleTask(in: timing.transactionTimeout) { [weak self] in
            self?.finish(with: nil)
        })
    }

    func responseReceived(_ response: SIPMessage) {
        guard let status = response.statusCode, state == .trying || state == .proceeding else { return }
        if status < 200 {
            state = .proceeding
            return
        }
        finish(with: response)
    }

    private func finish(with response: SIPMessage?) {
        guard state != .terminated, state != .completed else { return }
        state = .completed
        for timer in timers { timer.cancel() }
        timers.removeAll()
        let done = completion
        completion = nil
        done?(response)
        // Timer K: absorb retransmitted responses a little longer.
        timers.append(layer.loop.assumeIsolated().scheduleTask(in: layer.timers.t4) { [weak self] in
            guard let self else { return }
            self.state = .terminated
            self.layer.remove(self)
        })
    }
}
