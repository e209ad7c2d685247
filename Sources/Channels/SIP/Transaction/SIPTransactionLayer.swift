import NIOCore
import PBXCore

/// Matches messages to transactions (RFC 3261 §17.1.3, §17.2.3) and keeps
/// the tables. Everything here runs on the SIP event loop.
final class SIPTransactionLayer {
    let loop: any EventLoop
    let transport: SIPTransport
    let timers: SIPTimers
    private var servers: [String: SIPServerTransaction] = [:]
    private var clients: [String: SIPClientTransaction] = [:]
    /// INVITE client transactions apart: a CANCEL shares its INVITE's branch.
    private var inviteClients: [String: SIPInviteClientTransaction] = [:]

    init(loop: any EventLoop, transport: SIPTransport, timers: SIPTimers = SIPTimers()) {
        self.loop = loop
        self.transport = transport
        self.timers = timers
    }

    var serverCount: Int { servers.count }
    var clientCount: Int { clients.count }

    /// The server-transaction key: branch, sent-by and method, with ACK and
    /// CANCEL's own rules; for pre-RFC 3261 branches the dialog identifiers.
    static func serverKey(for request: SIPMessage, method: SIPMethod) -> String {
        let top = request.via.first
        if let branch = top?.branch, branch.hasPrefix("z9hG4bK") {
            return "\(branch)|\(top?.sentBy.description ?? "")|\(method.rawValue)"
        }
        return "\(request.callID)|\(request.from.tag ?? "")|\(request.cseq.number)|\(method.rawValue)"
    }

    /// Finds the transaction a request belongs to, if it is a retransmission
    /// (or the ACK of a non-2xx final response).
    func matchServer(_ request: SIPMessage) -> SIPServerTransaction? {
        let method = request.method == .ack ? SIPMethod.invite : (request.method ?? .options)
        return servers[SIPTransactionLayer.serverKey(for: request, method: method)]
    }

    /// The INVITE transaction a CANCEL names.
    func inviteTransaction(cancelledBy cancel: SIPMessage) -> SIPServerTransaction? {
        servers[SIPTransactionLayer.serverKey(for: cancel, method: .invite)]
    }

    func createServer(for request: SIPMessage, source: SIPPacketSource) -> SIPServerTransaction {
        let key = SIPTransactionLayer.serverKey(for: request, method: request.method ?? .options)
        let transaction = SIPServerTransaction(key: key, request: request, source: source, layer: self)
        servers[key] = transaction
        return transaction
    }

    /// Starts a non-INVITE client transaction for an encoded request: over
    /// `connection` when one is given (TCP, no retransmissions), else as UDP
    /// to `remote` from the socket at `socketIndex`.
    func sendRequest(branch: String, bytes: ByteBuffer, to remote: SocketAddress, socketIndex: Int,
                     connection: (any NIOCore.Channel)? = nil, completion: @escaping (SIPMessage?) -> Void) {
        let transaction = SIPClientTransaction(branch: branch, bytes: bytes, remote: remote, socketIndex: socketIndex,
                                               connection: connection, layer: self, completion: completion)
        clients[branch] = transaction
        transaction.start()
    }

    /// Starts a non-INVITE client transaction back along `path` (a dialog's
    /// or a registration's source): over its TCP connection if it has one.
    func sendRequest(branch: String, bytes: ByteBuffer, path: SIPPacketSource, completion: @escaping (SIPMessage?) -> Void) {
        sendRequest(branch: branch, bytes: bytes, to: path.remote, socketIndex: path.socketIndex, connection: path.connection,
                    completion: completion)
    }

    /// Starts an INVITE client transaction.
    func sendInvite(branch: String, bytes: ByteBuffer, path: SIPPacketSource, makeAck: @escaping (SIPMessage) -> ByteBuffer,
                    onResponse: @escaping (SIPMessage?) -> Void) {
        let transaction = SIPInviteClientTransaction(branch: branch, bytes: bytes, path: path, layer: self,
                                                     makeAck: makeAck, onResponse: onResponse)
        inviteClients[branch] = transaction
        transaction.start()
    }

    /// Routes a response to its client transaction; false if none matched.
    func responseReceived(_ response: SIPMessage) -> Bool {
        guard let branch = response.branch else { return false }
        if response.cseq.method == .invite {
            guard let transaction = inviteClients[branch] else { return false }
            transaction.responseReceived(response)
            return true
        }
        guard let transaction = clients[branch] else { return false }
        transaction.responseReceived(response)
        return true
    }

    /// Stops an INVITE that has had no response at all (its target is
    /// abandoned for the next one); one that got a response runs on.
    func abandonInvite(branch: String) {
        guard let transaction = inviteClients[branch], transaction.state == .calling else { return }
        transaction.terminate()
    }

    func remove(_ transaction: SIPInviteClientTransaction) {
        if inviteClients[transaction.branch] === transaction { inviteClients.removeValue(forKey: transaction.branch) }
    }

    func remove(_ transaction: SIPServerTransaction) {
        if servers[transaction.key] === transaction { servers.removeValue(forKey: transaction.key) }
    }

    func remove(_ transaction: SIPClientTransaction) {
        if clients[transaction.branch] === transaction { clients.removeValue(forKey: transaction.branch) }
    }
}
