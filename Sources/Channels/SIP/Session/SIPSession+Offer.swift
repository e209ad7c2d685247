import NIOCore
import PBXCore

/// Offers inside a dialog (RFC 3264 §8, RFC 3311): a re-INVITE or UPDATE that
/// puts the call on hold, takes it off hold, moves the media, or changes the
/// codec. The current codec stays while the offer still has it; otherwise
/// the first of `[general]`'s allowed codecs the offer has is taken, and a
/// bridge's transcoder follows on the next frame.
extension SIPSession {
    /// Answers an in-dialog offer; nil when it cannot be accepted (488).
    func answerOffer(_ request: SIPMessage) -> SIPOutgoingMessage? {
        guard let offer = try? SessionDescription(parsing: request.body), let audio = offer.audio,
              let address = offer.connection(for: audio) else { return nil }
        let candidates = [rtp.format] + stack.settings.formats.formats
        guard let (format, payload) = candidates.lazy.compactMap({ format in
            SDPNegotiation.payloadType(of: format, in: audio).map { (format, $0) }
        }).first else { return nil }
        let event = audio.payloadTypes.first { audio.encodingName(of: $0)?.caseInsensitiveEquals("telephone-event") == true }
        // RFC 3264 §8.4: hold is sendonly/inactive, or (old style) c=0.0.0.0.
        let held = address.isWildcard || audio.port == 0
        let direction: String
        switch (audio.direction, held) {
        case (_, true), ("inactive", _): direction = "inactive"
        case ("sendonly", _): direction = "recvonly"
        case ("recvonly", _): direction = "sendonly"
        default: direction = "sendrecv"
        }
        rtp.change(format: format, parameters: audio.fmtp[payload] ?? "")
        if !held, let remote = try? address.socketAddress(port: audio.port) {
            rtp.configure(remote: remote, payloadType: UInt8(payload), telephoneEventPayloadType: event.map { UInt8($0) })
        }
        rtp.sending = direction == "sendrecv" || direction == "sendonly"
        sessionVersion += 1
        let description = localDescription(format: format, payloadType: payload, telephoneEvent: event, direction: direction)
        var response = SIPOutgoingMessage.response(to: request, status: 200, toTag: localTag)
        response.headers.add("Contact", contactHeader)
        response.headers.add("Allow", SIPStack.allowedMethods)
        response.headers.add("Content-Type", "application/sdp")
        response.body = Array(description.text.utf8)
        record[variable: "SIP_HOLD"] = rtp.sending ? nil : "yes"
        return response
    }

    /// Retransmits a 2xx to a re-INVITE until its ACK (RFC 3261 §13.3.1.4).
    func retransmitReinviteOK(_ bytes: ByteBuffer, cseq: UInt32, interval: TimeAmount, elapsed: TimeAmount) {
        let timers = stack.transactions.timers
        pendingReinviteCSeq = cseq
        stack.loop.assumeIsolated().scheduleTask(in: interval) { [weak self] in
            guard let self, self.pendingReinviteCSeq == cseq, self.state != .terminated else { return }
            let total = elapsed + interval
            guard total < timers.transactionTimeout else { return }
            self.send(bytes)
            self.retransmitReinviteOK(bytes, cseq: cseq, interval: timers.backoff(interval), elapsed: total)
        }
    }

    /// An ACK in the dialog: ends 2xx retransmission of a re-INVITE.
    func dialogAckReceived(cseq: UInt32) {
        if pendingReinviteCSeq == cseq { pendingReinviteCSeq = nil }
    }
}

extension SIPStack {
    /// A re-INVITE or UPDATE for an existing dialog.
    func handleInDialogOffer(_ request: SIPMessage, source: SIPPacketSource, session: SIPSession) {
        let transaction = transactions.createServer(for: request, source: source)
        if let target = request.contacts.first?.uri { session.remoteTarget = target }
        guard !request.body.isEmpty else {
            // An offerless re-INVITE asks for our offer; we re-state the current one.
            let response = session.answerCurrent(request)
            send(response, through: transaction)
            if request.method == .invite { session.retransmitReinviteOK(transport.encode(response), cseq: request.cseq.number, interval: transactions.timers.t1, elapsed: .zero) }
            return
        }
        guard let response = session.answerOffer(request) else {
            send(SIPOutgoingMessage.response(to: request, status: 488), through: transaction)
            return
        }
        send(response, through: transaction)
        logger.info("\(session.record.name) media now \(session.rtp.sending ? "active" : "on hold")")
        if request.method == .invite {
            session.retransmitReinviteOK(transport.encode(response), cseq: request.cseq.number, interval: transactions.timers.t1,
                                         elapsed: .zero)
        }
    }
}

extension SIPSession {
    /// 200 with the SDP we have now (for an offerless re-INVITE or session refresh).
    func answerCurrent(_ request: SIPMessage) -> SIPOutgoingMessage {
        let description = localDescription(format: rtp.format, payloadType: Int(rtp.payloadType),
                                           telephoneEvent: rtp.telephoneEventPayloadType.map { Int($0) },
                                           direction: rtp.sending ? "sendrecv" : "recvonly")
        var response = SIPOutgoingMessage.response(to: request, status: 200, toTag: localTag)
        response.headers.add("Contact", contactHeader)
        response.headers.add("Content-Type", "application/sdp")
        response.body = Array(description.text.utf8)
        return response
    }
}
