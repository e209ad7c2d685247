import Logging
import NIOCore
import PBXCore

/// What both ends of an INVITE session share once a dialog exists (RFC 3261
/// §12): identifiers, the path back to the phone, media, BYE both ways, and
/// the futures that end when the call does. Subclassed by the incoming (UAS)
/// and outgoing (UAC) sessions. Confined to the SIP event loop.
class SIPSession: @unchecked Sendable {
    enum State { case proceeding, early, answering, confirmed, terminated }

    let callID: String
    let localTag: String
    let record: ChannelRecord
    let rtp: RTPSession
    /// The socket, remote address and local address the dialog runs over.
    let path: SIPPacketSource
    /// Our address in the offer's or answer's family, for SDP.
    let mediaAddress: IPAddress
    var state: State = .proceeding
    var remoteTag: String?
    /// Our party (with our tag) and theirs, as From/To values.
    var localParty: NameAddr
    var remoteParty: NameAddr
    /// Where in-dialog requests go: the far end's Contact.
    var remoteTarget: SIPURI
    /// Route set from Record-Route (RFC 3261 §12.1), as header values.
    var routeSet: [String] = []
    var localCSeq = UInt32.random(in: 1...10_000)
    let sessionID = UInt64.random(in: 1...UInt64(UInt32.max))
    var sessionVersion: UInt64
    private var waiters: [EventLoopPromise<Void>] = []
    /// The CSeq of a re-INVITE whose 2xx still waits for its ACK.
    var pendingReinviteCSeq: UInt32?
    /// Voice and digits for applications reading the channel (`SIPSession+Input`).
    let input = ChannelInputQueue()
    /// Inband DTMF, made on the first frame that needs it.
    var inbandDetector: DTMFDetector?
    unowned let stack: SIPStack

    var key: String { SIPSession.key(callID: callID, localTag: localTag) }
    static func key(callID: String, localTag: String) -> String { callID + "|" + localTag }

    init(callID: String, localTag: String, record: ChannelRecord, rtp: RTPSession, path: SIPPacketSource, mediaAddress: IPAddress,
         localParty: NameAddr, remoteParty: NameAddr, remoteTarget: SIPURI, stack: SIPStack) {
        self.callID = callID
        self.localTag = localTag
        self.record = record
        self.rtp = rtp
        self.path = path
        self.mediaAddress = mediaAddress
        self.localParty = localParty
        self.remoteParty = remoteParty
        self.remoteTarget = remoteTarget
        self.sessionVersion = sessionID
        self.stack = stack
        rtp.onDigitFrame = { [weak self] frame in
            if case .dtmfEnd(let digit, let duration) = frame { self?.digitReceived(digit, duration: duration, via: "RFC 4733") }
        }
        attachInput()
    }

    /// Our Contact: the local address the dialog's socket took.
    var contactHeader: String {
        let transport = path.isReliable ? ";transport=tcp" : ""
        return "<sip:\(localParty.uri.user ?? "s")@\(path.local.uriHostPort)\(transport)>"
    }

    func send(_ bytes: ByteBuffer) {
        stack.transport.send(bytes, replyingTo: path)
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

    /// Ends the call from our side. Subclasses handle the time before the
    /// dialog is confirmed; after it, a BYE.
    func hangup(cause: HangupCause) {
        guard state != .terminated else { return }
        if state == .confirmed || state == .answering { sendBye() }
        terminate(cause: cause)
    }

    /// The far end ended the call (BYE, or CANCEL before the answer).
    func remoteHangup(cause: HangupCause) {
        terminate(cause: cause)
    }

    func terminate(cause: HangupCause) {
        guard state != .terminated else { return }
        state = .terminated
        sessionEnded()
        record.markHungUp(cause: cause)
        rtp.close()
        input.close()
        let pending = waiters
        waiters.removeAll()
        for waiter in pending { waiter.fail(ChannelError.hungUp) }
        stack.sessionEnded(self)
    }

    /// Subclass hook: stop timers and fail pending operations.
    func sessionEnded() {}

    /// An in-dialog request of ours (BYE, ACK for 2xx): Request-URI the
    /// remote target, Route from the route set, our Via with a new branch.
    func inDialogRequest(_ method: SIPMethod, cseq: UInt32, branch: String = SIPStack.newBranch()) -> SIPOutgoingMessage {
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: path.transport, sentBy: path.local, branch: branch).description)
        headers.add("Max-Forwards", "70")
        for route in routeSet { headers.add("Route", route) }
        headers.add("From", localParty.description)
        headers.add("To", remoteParty.description)
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(cseq) \(method.rawValue)")
        headers.add("User-Agent", stack.settings.userAgent)
        return SIPOutgoingMessage(startLine: .request(method: method, uri: remoteTarget), headers: headers)
    }

    func sendBye() {
        localCSeq += 1
        let branch = SIPStack.newBranch()
        let bye = inDialogRequest(.bye, cseq: localCSeq, branch: branch)
        let name = record.name
        let logger = stack.logger
        stack.transactions.sendRequest(branch: branch, bytes: stack.transport.encode(bye), path: path) { response in
            if response == nil { logger.debug("No response to BYE on \(name)") }
        }
    }

    /// Our SDP: one codec and telephone-event, in the media address's family.
    func localDescription(format: AudioFormat, payloadType: Int, telephoneEvent: Int?, direction: String) -> SessionDescription {
        let negotiation = SDPNegotiation(format: format, payloadType: payloadType, telephoneEventPayloadType: telephoneEvent,
                                         remoteAddress: mediaAddress, remotePort: 0, answerDirection: direction)
        return negotiation.answerDescription(localAddress: mediaAddress, localPort: rtp.localPort, sessionID: sessionID,
                                             version: sessionVersion)
    }
}
