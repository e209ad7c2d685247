import NIOCore
import PBXCore

/// SUBSCRIBE for `message-summary` (RFC 6665, RFC 3842): a new one makes a
/// dialog and is answered 200 with our tag and the granted Expires, then a
/// NOTIFY with the counts; a refresh in the dialog restarts its timer;
/// `Expires: 0` or the timer running out ends it with a final NOTIFY.
extension SIPStack {
    static let defaultSubscriptionExpiry = 3600
    static let maxSubscriptionExpiry = 7200

    func handleSubscribe(_ request: SIPMessage, source: SIPPacketSource) {
        guard let mwi else {
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 489, reason: "Bad Event") }
            return
        }
        let event = (request.headers["Event"] ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: " \t").lowercased() }
        guard event == MessageSummary.event else {
            respond(request, source: source) { request in
                var response = SIPOutgoingMessage.response(to: request, status: 489, reason: "Bad Event")
                response.headers.add("Allow-Events", MessageSummary.event)
                return response
            }
            return
        }
        let asked = request.expires ?? Self.defaultSubscriptionExpiry
        let granted = min(asked, Self.maxSubscriptionExpiry)

        if let tag = request.to.tag {
            // A refresh or an unsubscribe in an existing dialog.
            guard let subscription = mwi.subscriptions[MWISubscription.key(callID: request.callID, localTag: tag)] else {
                respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 481) }
                return
            }
            respond(request, source: source) { request in
                var response = SIPOutgoingMessage.response(to: request, status: 200)
                response.headers.add("Expires", "\(granted)")
                return response
            }
            mwi.renew(subscription, seconds: granted)
            return
        }

        guard let mailbox = subscribedMailbox(request) else {
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 404) }
            return
        }
        let tag = SIPStack.newTag()
        guard let target = request.contacts.first?.uri else {
            respond(request, source: source) { SIPOutgoingMessage.response(to: $0, status: 400, reason: "Bad Request - no Contact") }
            return
        }
        respond(request, source: source) { request in
            var response = SIPOutgoingMessage.response(to: request, status: 200, toTag: tag)
            response.headers.add("Expires", "\(granted)")
            response.headers.add("Contact", "<sip:asterisk@\(source.local.uriHostPort)>")
            return response
        }
        var local = request.to
        local.tag = tag
        let subscription = MWISubscription(callID: request.callID, localTag: tag, mailbox: mailbox, localParty: local,
                                           remoteParty: request.from, remoteTarget: target, path: source)
        logger.info("MWI: \(request.from.uri) subscribed to \(mailbox) for \(granted) s")
        mwi.subscriptions[subscription.key] = subscription
        mwi.renew(subscription, seconds: granted)
    }

    /// The mailbox a SUBSCRIBE is about: the `mailbox=` of the peer it comes
    /// from, else the Request-URI's user as a mailbox voicemail knows.
    private func subscribedMailbox(_ request: SIPMessage) -> String? {
        if let user = request.from.uri.user, let peer = directory.peer(named: user),
           let first = MessageSummary.mailboxes(in: peer.mailbox).first {
            return first
        }
        guard let user = request.requestURI?.user, !user.isEmpty else { return nil }
        let mailbox = MailboxStateRegistry.canonical(user)
        return pbx.mailboxes.counts(of: mailbox) == nil ? nil : mailbox
    }
}

extension SIPMWINotifier {
    /// Sends the current counts and (re)arms the expiry; 0 seconds ends the subscription now.
    func renew(_ subscription: MWISubscription, seconds: Int) {
        subscription.expiry?.cancel()
        let counts = mailboxes.counts(of: subscription.mailbox) ?? .empty
        guard seconds > 0 else {
            end(subscription, reason: "noresource", counts: counts)
            return
        }
        notify(subscription, counts: counts, state: "active;expires=\(seconds)")
        let key = subscription.key
        subscription.expiry = stack.loop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) { [weak self] in
            guard let self, let subscription = self.subscriptions[key] else { return }
            self.end(subscription, reason: "timeout", counts: self.mailboxes.counts(of: subscription.mailbox) ?? .empty)
        }
    }

    private func end(_ subscription: MWISubscription, reason: String, counts: MailboxCounts) {
        subscription.expiry?.cancel()
        subscriptions.removeValue(forKey: subscription.key)
        notify(subscription, counts: counts, state: "terminated;reason=\(reason)")
        logger.info("MWI: subscription \(subscription.callID) to \(subscription.mailbox) ended (\(reason))")
    }
}
