import PBXCore

extension SIPStack {
    /// SIP INFO in a dialog: `application/dtmf-relay` digits are taken as
    /// the channel's DTMF and regenerated as RFC 4733 toward a bridged leg.
    func handleInfo(_ request: SIPMessage, source: SIPPacketSource) {
        guard let tag = request.to.tag, let session = sessions[SIPSession.key(callID: request.callID, localTag: tag)] else {
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 481) }
            return
        }
        guard DTMFRelayBody.isDTMF(contentType: request.contentType) else {
            // Other INFO packages (media control, keep-alives): acknowledged.
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: request.body.isEmpty ? 200 : 415) }
            return
        }
        do {
            let dtmf = try DTMFRelayBody(parsing: request.body, contentType: request.contentType)
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 200) }
            session.digitReceived(dtmf.digit, duration: dtmf.duration, via: "SIP INFO")
            session.rtp.peer?.sendDigit(dtmf.digit, duration: dtmf.duration)
        } catch {
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 400, reason: "Bad Request - \(error)") }
        }
    }
}

extension SIPSession {
    /// A digit from the far end, whichever way it came.
    func digitReceived(_ digit: Character, duration: Duration, via method: String) {
        stack.logger.info("DTMF '\(digit)' received on \(record.name) (\(method), \(duration))")
        record[variable: "LAST_DTMF"] = String(digit)
        input.push(.digit(digit))
    }
}
