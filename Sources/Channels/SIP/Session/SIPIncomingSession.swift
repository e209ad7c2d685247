import Logging
import NIOCore
import PBXCore

/// The UAS side of an INVITE session: provisional responses, answering with
/// SDP, retransmitting the 2xx until the ACK (RFC 3261 §13.3.1.4), and a
/// final response if we end the call before answering.
final class SIPIncomingSession: SIPSession, @unchecked Sendable {
    let invite: SIPMessage
    let negotiation: SDPNegotiation
    private let transaction: SIPServerTransaction
    private var ackPromise: EventLoopPromise<Void>?
    private var retransmitTimer: Scheduled<Void>?
    private var lastOK: ByteBuffer?
    private var sentEarlyMedia = false

    init(invite: SIPMessage, source: SIPPacketSource, localTag: String, record: ChannelRecord, negotiation: SDPNegotiation,
         rtp: RTPSession, mediaAddress: IPAddress, transaction: SIPServerTransaction, stack: SIPStack) {
        self.invite = invite
        self.negotiation = negotiation
        self.transaction = transaction
        var local = invite.to
        local.tag = localTag
        super.init(callID: invite.callID, localTag: localTag, record: record, rtp: rtp, path: source, mediaAddress: mediaAddress,
                   localParty: local, remoteParty: invite.from, remoteTarget: invite.contacts.first?.uri ?? invite.from.uri,
                   stack: stack)
        remoteTag = invite.from.tag
        // The route set of a UAS is the Record-Route list as received.
        routeSet = invite.headers.listValues("Record-Route")
    }

    private var answerSDP: [UInt8] {
        let description = localDescription(format: negotiation.format, payloadType: negotiation.payloadType,
                                           telephoneEvent: negotiation.telephoneEventPayloadType, direction: negotiation.answerDirection)
        return Array(description.text.utf8)
    }

    private func response(_ status: Int, withSDP: Bool) -> SIPOutgoingMessage {
        var response = SIPOutgoingMessage.response(to: invite, status: status, toTag: localTag)
        for route in invite.headers.values("Record-Route") { response.headers.add("Record-Route", route) }
        response.headers.add("Contact", contactHeader)
        response.headers.add("Allow", SIPStack.allowedMethods)
        response.headers.add("Supported", "replaces, timer")
        response.headers.add("Server", stack.settings.userAgent)
        if withSDP {
            response.headers.add("Content-Type", "application/sdp")
            response.body = answerSDP
        }
        return response
    }

    /// 180 Ringing, or 183 with our SDP so early media can flow.
    func indicate(_ control: ControlFrame) {
        guard state == .proceeding || state == .early else { return }
        switch control {
        case .ringing:
            transaction.respond(stack.transport.encode(response(180, withSDP: false)), status: 180)
        case .progress:
            guard !sentEarlyMedia else { return }
            sentEarlyMedia = true
            state = .early
            transaction.respond(stack.transport.encode(response(183, withSDP: true)), status: 183)
        default:
            break
        }
    }

    /// Sends 200 OK with our SDP answer; succeeds on the ACK.
    func answer() -> EventLoopFuture<Void> {
        switch state {
        case .confirmed: return stack.loop.makeSucceededVoidFuture()
        case .answering: return ackPromise?.futureResult ?? stack.loop.makeSucceededVoidFuture()
        case .terminated: return stack.loop.makeFailedFuture(ChannelError.hungUp)
        case .proceeding, .early: break
        }
        state = .answering
        let bytes = stack.transport.encode(response(200, withSDP: true))
        lastOK = bytes
        transaction.respond(bytes, status: 200)
        let promise = stack.loop.makePromise(of: Void.self)
        ackPromise = promise
        retransmitOK(bytes, interval: stack.transactions.timers.t1, elapsed: .zero)
        return promise.futureResult
    }

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
            self.send(bytes)
            self.retransmitOK(bytes, interval: timers.backoff(interval), elapsed: total)
        }
    }

    /// The caller sent its INVITE again after our 200: send the 200 again.
    func inviteRetransmitted() {
        if state == .answering || state == .confirmed, let lastOK { send(lastOK) }
    }

    func ackReceived() {
        guard state == .answering else { return }
        state = .confirmed
        retransmitTimer?.cancel()
        record.setState(.up)
        ackPromise?.succeed(())
        ackPromise = nil
    }

    override func hangup(cause: HangupCause) {
        if state == .proceeding || state == .early {
            let status = cause.sipStatus
            let final = SIPOutgoingMessage.response(to: invite, status: status, toTag: localTag)
            transaction.respond(stack.transport.encode(final), status: status)
            terminate(cause: cause)
            return
        }
        super.hangup(cause: cause)
    }

    /// The INVITE was cancelled: 487 to it, then gone.
    func cancelled() {
        guard state == .proceeding || state == .early else { return }
        let final = SIPOutgoingMessage.response(to: invite, status: 487, toTag: localTag)
        transaction.respond(stack.transport.encode(final), status: 487)
        terminate(cause: .normalClearing)
    }

    override func sessionEnded() {
        retransmitTimer?.cancel()
        ackPromise?.fail(ChannelError.hungUp)
        ackPromise = nil
    }
}
