import NIOCore

/// A non-INVITE client transaction (RFC 3261 §17.1.2): retransmits the request
/// on Timer E until a response (over UDP only: a stream is reliable), gives
/// up on Timer F or a failed write, and reports the final response (or nil)
/// once. Lives on the SIP event loop only.
final class SIPClientTransaction {
    enum State { case trying, proceeding, completed, terminated }

    let branch: String
    private let bytes: ByteBuffer
    private let remote: SocketAddress
    private let socketIndex: Int
    /// The TCP connection the request goes over; nil for UDP.
    private let connection: (any NIOCore.Channel)?
    private(set) var state: State = .trying
    private var timers = PendingTimers()
    private var completion: ((SIPMessage?) -> Void)?
    private unowned let layer: SIPTransactionLayer

    init(branch: String, bytes: ByteBuffer, remote: SocketAddress, socketIndex: Int, connection: (any NIOCore.Channel)? = nil,
         layer: SIPTransactionLayer, completion: @escaping (SIPMessage?) -> Void) {
        self.branch = branch
        self.bytes = bytes
        self.remote = remote
        self.socketIndex = socketIndex
        self.connection = connection
        self.layer = layer
        self.completion = completion
    }

    var isReliable: Bool { connection != nil }

    func start() {
        let timing = layer.timers
        if let connection {
            layer.transport.connections.hold(connection)
            // A transport error ends the transaction at once (§17.1.4).
            layer.transport.send(bytes, over: connection).hop(to: layer.loop).assumeIsolated().whenFailure { [weak self] _ in
                self?.finish(with: nil)
            }
        } else {
            layer.transport.send(bytes, to: remote, socketIndex: socketIndex)
            var interval = timing.t1
            func armRetransmit() {
                schedule(in: interval) { [weak self] in
                    guard let self, self.state == .trying || self.state == .proceeding else { return }
                    self.layer.transport.send(self.bytes, to: self.remote, socketIndex: self.socketIndex)
                    interval = self.state == .proceeding ? timing.t2 : timing.backoff(interval)
                    armRetransmit()
                }
            }
            armRetransmit()
        }
        schedule(in: timing.transactionTimeout) { [weak self] in
            self?.finish(with: nil)
        }
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
        timers.cancelAll()
        let done = completion
        completion = nil
        done?(response)
        // Timer K: absorb retransmitted responses a little longer; none come on a stream.
        if isReliable {
            terminate()
        } else {
            schedule(in: layer.timers.t4) { [weak self] in
                self?.terminate()
            }
        }
    }

    private func terminate() {
        guard state != .terminated else { return }
        state = .terminated
        if let connection { layer.transport.connections.release(connection) }
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
