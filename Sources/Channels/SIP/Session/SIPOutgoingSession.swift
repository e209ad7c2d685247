import Logging
import NIOCore
import PBXCore

/// The UAC side of an INVITE session (a Dial leg): sends the INVITE with our
/// offer, reports 180/183/200 or the failure, ACKs the 2xx (and its
/// retransmissions), and CANCELs when hung up before the answer.
final class SIPOutgoingSession: SIPSession, @unchecked Sendable {
    /// Offered codecs in order of preference; the answer picks one.
    let offerFormats: [AudioFormat]
    private let telephoneEventPayloadType = 101
    private let inviteBranch = SIPStack.newBranch()
    private let inviteCSeq: UInt32
    private var invite: SIPOutgoingMessage?
    private var progress: AsyncStream<CallProgress>.Continuation?
    private var gotProvisional = false
    private var cancelWanted = false
    private var ackFor2xx: ByteBuffer?
    private var earlyMedia = false
    /// Set while another target is left: an attempt that fails before any
    /// provisional response (no answer within `attemptLimit`, a dead
    /// connection, a 503) hands over to it instead of failing the leg.
    var fallback: ((HangupCause) -> Void)?
    /// How long to wait for a first response before trying the next target
    /// (RFC 3263 §4.3 leaves it to us; Timer B's 32 s is far too long).
    var attemptLimit: TimeAmount = .seconds(4)

    init(callID: String, record: ChannelRecord, rtp: RTPSession, path: SIPPacketSource, mediaAddress: IPAddress,
         from: NameAddr, to: NameAddr, target: SIPURI, formats: [AudioFormat], stack: SIPStack) {
        self.offerFormats = formats.isEmpty ? [.ulaw] : formats
        let localTag = SIPStack.newTag()
        var local = from
        local.tag = localTag
        inviteCSeq = UInt32.random(in: 1...10_000)
        super.init(callID: callID, localTag: localTag, record: record, rtp: rtp, path: path, mediaAddress: mediaAddress,
                   localParty: local, remoteParty: to, remoteTarget: target, stack: stack)
        localCSeq = inviteCSeq
    }

    /// Sends the INVITE; progress goes to `continuation` until answer or failure.
    func start(_ continuation: AsyncStream<CallProgress>.Continuation) {
        progress = continuation
        var request = inDialogRequest(.invite, cseq: inviteCSeq, branch: inviteBranch)
        request.headers.add("Contact", contactHeader)
        request.headers.add("Allow", SIPStack.allowedMethods)
        request.headers.add("Content-Type", "application/sdp")
        let offer = SDPNegotiation.description(formats: offerFormats.map { ($0, Int($0.offerPayloadType ?? 0)) },
                                               telephoneEvent: telephoneEventPayloadType, direction: "sendrecv",
                                               localAddress: mediaAddress, localPort: rtp.localPort, sessionID: sessionID,
                                               version: sessionVersion)
        request.body = Array(offer.text.utf8)
        invite = request
        if let connection = path.connection, !connection.isActive {
            // The phone's connection is gone: a transport error (RFC 3263 §4.3).
            stack.loop.execute { self.failOver(.destinationOutOfOrder) }
            return
        }
        let bytes = stack.transport.encode(request)
        // The transaction may outlive the session (a 487 after we gave up):
        // it keeps the session for as long as it may need to ACK.
        stack.transactions.sendInvite(branch: inviteBranch, bytes: bytes, path: path, makeAck: { response in
            self.ackForFailure(response)
        }, onResponse: { [weak self] response in
            self?.handle(response)
        })
        if fallback != nil {
            stack.loop.assumeIsolated().scheduleTask(in: attemptLimit) { [weak self] in
                guard let self, !self.gotProvisional, self.state == .proceeding else { return }
                self.failOver(.noUserResponse)
            }
        }
    }

    /// Fails this attempt: to the next target if there is one, else the leg.
    private func failOver(_ cause: HangupCause) {
        guard state != .terminated else { return }
        guard let next = fallback else {
            finish(.failed(cause))
            terminate(cause: cause)
            return
        }
        fallback = nil
        stack.logger.notice("\(record.name): no answer from \(path.transport) \(path.remoteHostPort) (\(cause)), trying the next target")
        stack.transactions.abandonInvite(branch: inviteBranch)
        // The leg lives on in the next attempt: the record is not hung up.
        state = .terminated
        progress = nil
        rtp.close()
        stack.sessionEnded(self)
        next(cause)
    }

    /// The ACK of a non-2xx final: same branch and Request-URI as the INVITE.
    private func ackForFailure(_ response: SIPMessage) -> ByteBuffer {
        var to = remoteParty
        to.tag = response.to.tag
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: path.transport, sentBy: path.local, branch: inviteBranch).description)
        headers.add("Max-Forwards", "70")
        headers.add("From", localParty.description)
        headers.add("To", to.description)
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(inviteCSeq) ACK")
        let target = invite.flatMap { message -> SIPURI? in
            if case .request(_, let uri) = message.startLine { return uri }
            return nil
        } ?? remoteTarget
        return stack.transport.encode(SIPOutgoingMessage(startLine: .request(method: .ack, uri: target), headers: headers))
    }

    private func handle(_ response: SIPMessage?) {
        guard let response, let status = response.statusCode else {
            // Timer B: nobody answered the INVITE at all.
            failOver(.noUserResponse)
            return
        }
        switch status {
        case 100:
            gotProvisional = true
            fallback = nil
            if cancelWanted { sendCancel() }
        case 101..<200:
            gotProvisional = true
            fallback = nil
            if cancelWanted { sendCancel(); return }
            if state == .terminated { return }
            if !response.body.isEmpty, applyAnswer(response) {
                earlyMedia = true
                state = .early
                progress?.yield(.progress(earlyMedia: true))
            } else if status == 180 || status == 182 {
                record.setState(.ringing)
                progress?.yield(.ringing)
            } else {
                progress?.yield(.progress(earlyMedia: false))
            }
        case 200..<300:
            confirm(response)
        case 503 where !gotProvisional:
            failOver(.congestion)
        default:
            let cause = SIPOutgoingSession.cause(forStatus: status)
            finish(.failed(cause))
            terminate(cause: cause)
        }
    }

    private func confirm(_ response: SIPMessage) {
        remoteTag = response.to.tag
        remoteParty.tag = response.to.tag
        if let contact = response.contacts.first { remoteTarget = contact.uri }
        // A UAC's route set is the Record-Route list in reverse (§12.1.2).
        routeSet = response.headers.listValues("Record-Route").reversed()
        let ack = inDialogRequest(.ack, cseq: inviteCSeq)
        let bytes = stack.transport.encode(ack)
        ackFor2xx = bytes
        send(bytes)
        guard state != .terminated else {
            // Answered after we gave up (CANCEL crossed the 200): end it with BYE.
            state = .confirmed
            sendBye()
            state = .terminated
            return
        }
        guard response.body.isEmpty ? earlyMedia : applyAnswer(response) else {
            state = .confirmed
            stack.logger.warning("\(record.name): answer without a usable SDP")
            finish(.failed(.incompatibleDestination))
            hangup(cause: .incompatibleDestination)
            return
        }
        state = .confirmed
        record.setState(.up)
        stack.registerDialog(self)
        finish(.answered)
    }

    /// A retransmitted 2xx (our ACK was lost): ACK again.
    func retransmitted2xx() {
        if let ackFor2xx { send(ackFor2xx) }
    }

    private func applyAnswer(_ response: SIPMessage) -> Bool {
        guard let answer = try? SessionDescription(parsing: response.body), let audio = answer.audio, audio.port > 0,
              let address = answer.connection(for: audio),
              let remote = try? address.socketAddress(port: audio.port) else { return false }
        // The answer's first codec that we offered (RFC 3264 §6: the answerer's preference).
        var chosen: (format: AudioFormat, payload: Int)?
        for payload in audio.payloadTypes where chosen == nil {
            chosen = offerFormats.first { SDPNegotiation.payloadType(of: $0, in: audio) == payload }.map { ($0, payload) }
        }
        guard let (format, payload) = chosen else { return false }
        rtp.change(format: format, parameters: audio.fmtp[payload] ?? "")
        let event = audio.payloadTypes.first { audio.encodingName(of: $0)?.caseInsensitiveEquals("telephone-event") == true }
        rtp.configure(remote: remote, payloadType: UInt8(payload), telephoneEventPayloadType: event.map { UInt8($0) })
        return true
    }

    private func finish(_ event: CallProgress) {
        progress?.yield(event)
        progress?.finish()
        progress = nil
    }

    override func hangup(cause: HangupCause) {
        switch state {
        case .proceeding, .early:
            // RFC 3261 §9.1: no CANCEL before a provisional response.
            if gotProvisional { sendCancel() } else { cancelWanted = true }
            finish(.failed(cause))
            terminate(cause: cause)
        default:
            super.hangup(cause: cause)
        }
    }

    private func sendCancel() {
        guard let invite, case .request(_, let uri) = invite.startLine else { return }
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: path.transport, sentBy: path.local, branch: inviteBranch).description)
        headers.add("Max-Forwards", "70")
        for route in invite.headers.values("Route") { headers.add("Route", route) }
        headers.add("From", localParty.description)
        headers.add("To", invite.headers["To"] ?? remoteParty.description)
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(inviteCSeq) CANCEL")
        let cancel = SIPOutgoingMessage(startLine: .request(method: .cancel, uri: uri), headers: headers)
        stack.transactions.sendRequest(branch: inviteBranch, bytes: stack.transport.encode(cancel), path: path) { _ in }
    }

    override func sessionEnded() {
        finish(.failed(record.state.hangupCause ?? .normalClearing))
    }

    /// RFC 3398's mapping of final responses to causes, as Dial reports them.
    static func cause(forStatus status: Int) -> HangupCause {
        switch status {
        case 486, 600: .userBusy
        case 408, 480, 487: .noAnswer
        case 404, 410, 604: .unallocatedNumber
        case 403, 603: .callRejected
        case 484: .invalidNumberFormat
        case 488, 606: .incompatibleDestination
        case 500, 503, 580: .congestion
        default: .temporaryFailure
        }
    }
}
