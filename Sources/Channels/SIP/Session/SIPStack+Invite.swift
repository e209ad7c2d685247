import Foundation
import NIOCore
import PBXCore

extension SIPStack {
    /// A new INVITE: authenticate, negotiate SDP, check the extension, open
    /// RTP in the offer's family, and start the dialplan on a new channel.
    func handleInvite(_ request: SIPMessage, source: SIPPacketSource) {
        if request.to.tag == nil, let existing = incomingByInvite[SIPStack.inviteKey(request)] {
            // A retransmitted INVITE after our 2xx ended its transaction:
            // the call answers it again rather than starting a second call.
            existing.inviteRetransmitted()
            return
        }
        if let tag = request.to.tag {
            // In a dialog: a re-INVITE, which has its own handling.
            if let session = sessions[SIPSession.key(callID: request.callID, localTag: tag)], session.state != .terminated {
                handleInDialogOffer(request, source: source, session: session)
            } else {
                respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 481) }
            }
            return
        }
        let transaction = transactions.createServer(for: request, source: source)
        let localTag = SIPStack.newTag()
        func reject(_ status: Int, _ reason: String? = nil, extra: [(String, String)] = []) {
            var response = SIPOutgoingMessage.response(to: request, status: status, reason: reason, toTag: localTag)
            for (name, value) in extra { response.headers.add(name, value) }
            send(response, through: transaction)
        }
        send(SIPOutgoingMessage.response(to: request, status: 100), through: transaction)

        // Who is calling: a peer (authenticated if it has a secret) or a guest.
        let fromUser = request.from.uri.user ?? ""
        let peer = directory.peer(named: fromUser)
        var context = settings.context
        if let peer, peer.kind != .peer {
            if peer.requiresAuthentication {
                guard let header = request.headers["Authorization"] ?? request.headers["Proxy-Authorization"],
                      let credentials = DigestCredentials(header: header) else {
                    reject(401, extra: authenticator.challenges(stale: false).map { ("WWW-Authenticate", $0) })
                    return
                }
                switch authenticator.verify(credentials, method: "INVITE", secret: peer.secret, md5secret: peer.md5secret) {
                case .accepted where credentials.username == peer.name:
                    break
                case .challenge(let stale):
                    reject(401, extra: authenticator.challenges(stale: stale).map { ("WWW-Authenticate", $0) })
                    return
                default:
                    reject(403)
                    return
                }
            }
            context = peer.context
        } else if !settings.allowGuest {
            reject(403)
            return
        }

        guard request.contentType?.lowercased().hasPrefix("application/sdp") == true, !request.body.isEmpty else {
            reject(488, "Not Acceptable Here - no SDP offer")
            return
        }
        let negotiation: SDPNegotiation
        do {
            let offer = try SessionDescription(parsing: request.body)
            guard let answer = try SDPNegotiation.answer(offer: offer, allowed: peer?.formats ?? settings.formats) else {
                reject(488, "Not Acceptable Here - no common codec")
                return
            }
            negotiation = answer
        } catch {
            reject(488, "Not Acceptable Here - \(error.reason)")
            return
        }
        guard let mediaAddress = mediaAddress(for: negotiation.remoteAddress, signalling: source) else {
            reject(488, "Not Acceptable Here - no local address of the offer's family")
            return
        }
        let exten = request.requestURI?.user ?? "s"
        guard pbx.acceptsNewCalls else {
            logger.notice("Call from '\(fromUser)' (\(source.remoteHostPort)) refused: shutting down gracefully")
            reject(503, "Service Unavailable - shutting down")
            return
        }
        guard let router = pbx.router, router.canRoute(context: context, exten: exten) else {
            logger.notice("Call from '\(fromUser)' (\(source.remoteHostPort)) to extension '\(exten)' rejected because extension not found in context '\(context)'.")
            reject(404)
            return
        }
        let remoteMedia: SocketAddress
        do {
            remoteMedia = try negotiation.remoteAddress.socketAddress(port: negotiation.remotePort)
        } catch {
            reject(488)
            return
        }
        RTPSession.open(on: loop, family: negotiation.family, ports: rtpPorts, format: negotiation.format,
                        payloadType: UInt8(negotiation.payloadType)).hop(to: loop)
            .assumeIsolated().whenComplete { result in
                switch result {
                case .failure(let error):
                    self.logger.warning("Cannot open RTP for \(request.callID): \(error)")
                    reject(503)
                case .success(let rtp):
                    rtp.configure(remote: remoteMedia, payloadType: UInt8(negotiation.payloadType),
                                  telephoneEventPayloadType: negotiation.telephoneEventPayloadType.map { UInt8($0) })
                    rtp.change(format: negotiation.format, parameters: negotiation.formatParameters)
                    guard transaction.state == .proceeding else {
                        rtp.close()
                        return
                    }
                    let name = "SIP/\(peer?.name ?? source.remoteHostPort.uriHost)-\(String(format: "%08x", self.pbx.channels.nextSequence()))"
                    let callerID = peer?.callerID ?? CallerID(name: request.from.displayName ?? "", number: fromUser)
                    let record = ChannelRecord(name: name, uniqueID: UUID().uuidString, technology: "SIP", callerID: callerID,
                                               exten: exten, context: context)
                    record.setState(.ring)
                    let session = SIPIncomingSession(invite: request, source: source, localTag: localTag, record: record,
                                                     negotiation: negotiation, rtp: rtp, mediaAddress: mediaAddress,
                                                     transaction: transaction, stack: self)
                    self.registerDialog(session)
                    self.pbx.startCall(SIPChannel(session: session, loop: self.loop))
                }
            }
    }

    /// The local address our SDP names: the one the INVITE reached when the
    /// offer is of the same family, else a bound address of the offer's family.
    func mediaAddress(for remote: IPAddress, signalling source: SIPPacketSource) -> IPAddress? {
        if remote.family == source.family { return source.localAddress }
        let candidates = transport.sockets.sockets.compactMap(\.bound.address).filter { $0.family == remote.family && !$0.isWildcard }
        if let match = candidates.first(where: { $0.isLoopback == remote.isLoopback }) ?? candidates.first { return match }
        let bindsFamily = transport.sockets.sockets.contains { $0.family == remote.family }
        if bindsFamily, remote.isLoopback { return remote.family == .ipv6 ? IPAddress("::1") : IPAddress("127.0.0.1") }
        return nil
    }
}
