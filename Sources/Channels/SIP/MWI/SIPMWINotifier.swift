import Logging
import NIOCore
import PBXCore

/// Message-waiting indication toward phones (RFC 3842): watches the PBX's
/// mailbox registry and sends NOTIFY `message-summary` to every registered
/// contact of each peer whose `mailbox=` names a changed mailbox
/// (unsolicited, as Asterisk's chan_sip does), to the same peers when they
/// register, and within every SUBSCRIBE dialog for the mailbox. All state
/// lives on the SIP event loop.
final class SIPMWINotifier: @unchecked Sendable {
    let stack: SIPStack
    var subscriptions: [String: MWISubscription] = [:]
    private var observerToken: Int?
    private var cseq: UInt32 = 1

    init(stack: SIPStack) {
        self.stack = stack
    }

    var logger: Logger { stack.logger }
    var mailboxes: MailboxStateRegistry { stack.pbx.mailboxes }

    /// Starts observing the registry.
    func start() {
        observerToken = mailboxes.addObserver { [weak self] mailbox, counts in
            guard let self else { return }
            self.stack.loop.execute { self.mailboxChanged(mailbox, counts: counts) }
        }
    }

    /// Stops observing; subscriptions end (their timers cancelled).
    func stop() {
        if let observerToken { mailboxes.removeObserver(observerToken) }
        observerToken = nil
        stack.loop.execute { [self] in
            for subscription in subscriptions.values { subscription.expiry?.cancel() }
            subscriptions.removeAll()
        }
    }

    /// On the loop: tell every interested peer and subscriber.
    func mailboxChanged(_ mailbox: String, counts: MailboxCounts) {
        for peer in stack.directory.peers where MessageSummary.mailboxes(in: peer.mailbox).contains(mailbox) {
            notifyUnsolicited(peer: peer, mailbox: mailbox, counts: counts)
        }
        for subscription in subscriptions.values where subscription.mailbox == mailbox {
            notify(subscription, counts: counts, state: "active")
        }
    }

    /// On the loop, after a REGISTER was accepted: the phone's light must be right now.
    func peerRegistered(_ name: String) {
        guard let peer = stack.directory.peer(named: name) else { return }
        for mailbox in MessageSummary.mailboxes(in: peer.mailbox) {
            notifyUnsolicited(peer: peer, mailbox: mailbox, counts: mailboxes.counts(of: mailbox) ?? .empty)
        }
    }

    private func notifyUnsolicited(peer: SIPPeer, mailbox: String, counts: MailboxCounts) {
        for binding in stack.directory.bindings(of: peer.name) {
            let path = binding.source
            var toURI = binding.contact
            toURI.parameters = SIPParameters()
            toURI.user = peer.name
            var from = NameAddr(uri: SIPURI(user: "asterisk", hostPort: path.local))
            from.tag = SIPStack.newTag()
            let summary = MessageSummary(account: Self.account(mailbox, path: path), counts: counts)
            cseq &+= 1
            send(.request(method: .notify, uri: binding.contact), from: from, to: NameAddr(uri: toURI),
                 callID: SIPStack.newTag() + "@" + path.local.uriHost, cseq: cseq, path: path,
                 subscriptionState: "active", summary: summary, label: "peer \(peer.name)")
        }
    }

    /// A NOTIFY in a subscription's dialog.
    func notify(_ subscription: MWISubscription, counts: MailboxCounts, state: String) {
        subscription.localCSeq &+= 1
        let summary = MessageSummary(account: Self.account(subscription.mailbox, path: subscription.path), counts: counts)
        send(.request(method: .notify, uri: subscription.remoteTarget), from: subscription.localParty, to: subscription.remoteParty,
             callID: subscription.callID, cseq: subscription.localCSeq, path: subscription.path,
             subscriptionState: state, summary: summary, label: "subscription \(subscription.callID)")
    }

    private func send(_ startLine: SIPMessage.StartLine, from: NameAddr, to: NameAddr, callID: String, cseq: UInt32,
                      path: SIPPacketSource, subscriptionState: String, summary: MessageSummary, label: String) {
        let branch = SIPStack.newBranch()
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: path.transport, sentBy: path.local, branch: branch).description)
        headers.add("Max-Forwards", "70")
        headers.add("From", from.description)
        headers.add("To", to.description)
        headers.add("Contact", "<sip:asterisk@\(path.local.uriHostPort)>")
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(cseq) NOTIFY")
        headers.add("User-Agent", stack.settings.userAgent)
        headers.add("Event", MessageSummary.event)
        headers.add("Subscription-State", subscriptionState)
        headers.add("Content-Type", MessageSummary.contentType)
        let message = SIPOutgoingMessage(startLine: startLine, headers: headers, body: Array(summary.body.utf8))
        let logger = self.logger
        logger.debug("MWI: NOTIFY \(summary.counts.new)/\(summary.counts.old) to \(label)")
        stack.transactions.sendRequest(branch: branch, bytes: stack.transport.encode(message), path: path) { response in
            if response == nil { logger.debug("MWI: no answer to NOTIFY for \(label)") }
        }
    }

    /// `sip:100@HOST`: the account the summary is about, at our address.
    static func account(_ mailbox: String, path: SIPPacketSource) -> String {
        let box = mailbox.split(separator: "@").first.map(String.init) ?? mailbox
        return "sip:\(box)@\(path.local.uriHostPort)"
    }
}
