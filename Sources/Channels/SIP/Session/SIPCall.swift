import Logging
import NIOCore
import PBXCore

/// The UAS side of one INVITE session and its dialog (RFC 3261 §12–§15):
/// answering with SDP, retransmitting the 2xx until the ACK, and BYE both
/// ways. Confined to the SIP event loop.
final class SIPCall: @unchecked Sendable {
    enum State { case proceeding, answering, confirmed, terminated }

    let invite: SIPMessage
    let source: SIPPacketSource
    let localTag: String
    let record: ChannelRecord
    let negotiation: SDPNegotiation
    let rtp: RTPSession
    /// The address our SDP names: of the offer's family.
    let mediaAddress: IPAddress
    private(set) var state: State = .proceeding
    private let transaction: SIPServerTransaction
    private unowned let stack: SIPStack
    private var localCSeq = UInt32.random(in: 1...10_000)
    private var ackPromise: EventLoopPromise<Void>?
    private var retransmitTimer: Scheduled<Void>?
    private var lastOK: ByteBuffer?
    private var waiters: [EventLoopPromise<Void>] = []
    private let sessionID = UInt64.random(in: 1...UInt64(UInt32.max))

    var key: String { SIPCall.key(callID: invite.callID, localTag: localTag) }
    static func key(callID: String, localTag: String) -> String { callID + "|" + localTag }

    init(invite: SIPMessage, source: SIPPacketSource, localTag: String, record: ChannelRecord, negotiation: SDPNegotiation,
         rtp: RTPSession, mediaAddress: IPAddress, transaction: SIPServerTransaction, stack: SIPStack) {
        self.invite = invite
        self.source = source
        self.localTag = localTag
        self.record = record
        self.negotiation = negotiation
        self.rtp = rtp
        self.mediaAddress = mediaAddress
        self.transaction = transaction
        self.stack = stack
    }

    private var contactHeader: String {
        "<sip:\(invite.requestURI?.user ?? "s")@\(source.local.uriHost):\(source.localPort)>"
    }

    /// Sends 200 OK with our SDP answer; succeeds on the ACK.
    func answer() -> EventLoopFuture<Void> {
        switch state {
        case .confirmed: return stack.loop.makeSucceededVoidFuture()
        case .answering: return ackPromise?.futureResult ?? stack.loop.makeSucceededVoidFuture()
        case .terminated: return stack.loop.makeFailedFuture(ChannelError.hungUp)
        case .proceeding: break
        }
        state = .answering
        let sdp = negotiation.answerDescription(localAddress: mediaAddress, localPort: rtp.localPort, sessionID: sessionID, version: sessionID)
        var response = SIPOutgoingMessage.response(to: invite, status: 200, toTag: localTag)
        response.headers.add("Contact", contactHeader)
        response.headers.add("Allow", SIPStack.allowedMethods)
        response.headers.add("Supported", "replaces, timer")
        response.headers.add("Server", stack.settings.userAgent)
        response.headers.add("Content-Type", "application/sdp")
        response.body = Array(sdp.text.utf8)
        let bytes = stack.transport.encode(response)
        lastOK = bytes
        transaction.respond(bytes, status: 200)
        let promise = stack.loop.makePromise(of: Void.self)
        ackPromise = promise
        retransmitOK(bytes, interval: stack.transactions.timers.t1, elapsed: .zero)
        return promise.futureResult
    }

    /// Retransmits the 2xx (RFC 3261 §13.3.1.4) until the ACK or 64·T1.
    private func retransmitOK(_ bytes: ByteBuffer, interval: TimeAmount, elapsed: TimeAmount) {
        let timers = stack.transactions.timers
        retransmitTimer = stack.loop.assumeIsolated().scheduleTask(in: interval) { [weak self] in
            guard let self, self.state == .answering else { return }
            let total = elapsed + interval
            if total >= timers.transactionTimeout {
                self.stack.logger.notice("No ACK for 200 OK on \(self.record.name), hanging up")
                self.hangup(cause: .noUserResponse)
                return
            }
            self.stack.transport.send(bytes, to: self.source.remote, socketIndex: self.source.socketIndex)
            self.retransmitOK(bytes, interval: timers.backoff(interval), elapsed: total)
        }
    }

    /// The caller sent its INVITE again after our 200: send the 200 again.
    func inviteRetransmitted() {
        if state == .answering || state == .confirmed, let bytes = lastOK {
            stack.transport.send(bytes, to: source.remote, socketIndex: source.socketIndex)
        }
    }

    func ackReceived() {
        guard state == .answering else { return }
        state = .confirmed
        retransmitTimer?.cancel()
        record.setState(.up)
        ackPromise?.succeed(())
        ackPromise = nil
    }

    /// Completes after `duration`, or fails at once if the call ends first.
    func wait(_ duration: TimeAmount) -> EventLoopFuture<Void> {
        guard state != .terminated else { return stack.loop.makeFailedFuture(ChannelError.hungUp) }
        let promise = stack.loop.makePromise(of: Void.self)
        waiters.append(promise)
        stack.loop.assumeIsolated().scheduleTask(in: duration) { [weak self] in
            self?.waiters.removeAll { $0.futureResult === promise.futureResult }
            promise.succeed(())
        }
        return promise.futureResult
    }

    /// Ends the call from our side: a final response before the answer,
    /// a BYE after it.
    func hangup(cause: HangupCause) {
        switch state {
        case .terminated:
            return
        case .proceeding:
            let response = SIPOutgoingMessage.response(to: invite, status: cause.sipStatus, toTag: localTag)
            transaction.respond(stack.transport.encode(response), status: cause.sipStatus)
        case .answering, .confirmed:
            sendBye()
        }
        terminate(cause: cause)
    }

    /// The far end sent BYE (or CANCEL before the answer).
    func remoteHangup(cause: HangupCause) {
        terminate(cause: cause)
    }

    /// The INVITE was cancelled: 487 to it, then gone.
    func cancelled() {
        guard state == .proceeding else { return }
        let response = SIPOutgoingMessage.response(to: invite, status: 487, toTag: localTag)
        transaction.respond(stack.transport.encode(response), status: 487)
        terminate(cause: .normalClearing)
    }

    private func terminate(cause: HangupCause) {
        guard state != .terminated else { return }
        state = .terminated
        retransmitTimer?.cancel()
        record.markHungUp(cause: cause)
        rtp.close()
        ackPromise?.fail(ChannelError.hungUp)
        ackPromise = nil
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.fail(ChannelError.hungUp) }
        stack.callEnded(self)
    }

    private func sendBye() {
        localCSeq += 1
        let branch = SIPStack.newBranch()
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: source.transport, sentBy: source.local, branch: branch).description)
        headers.add("Max-Forwards", "70")
        var from = invite.to
        from.tag = localTag
        headers.add("From", from.description)
        headers.add("To", invite.headers["From"] ?? invite.from.description)
        headers.add("Call-ID", invite.callID)
        headers.add("CSeq", "\(localCSeq) BYE")
        headers.add("User-Agent", stack.settings.userAgent)
        let target = invite.contacts.first?.uri ?? invite.from.uri
        let bye = SIPOutgoingMessage(startLine: .request(method: .bye, uri: target), headers: headers)
        let name = record.name
        let logger = stack.logger
        stack.transactions.sendRequest(branch: branch, bytes: stack.transport.encode(bye), to: source.remote,
                                       socketIndex: source.socketIndex) { response in
            if response == nil { logger.debug("No response to BYE on \(name)") }
        }
    }
}
