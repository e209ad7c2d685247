import NIOCore
import PBXCore

/// `qualify=yes`: sends each qualified peer an OPTIONS every `qualifyfreq`
/// seconds (and right after it registers) to every registered contact, or
/// its fixed host, and records in the directory whether anything answered
/// and how fast. Any final response counts: the peer is there.
///
/// Start and stop may be called from anywhere; everything else runs on the
/// SIP event loop, where all the state lives.
final class SIPQualifier: @unchecked Sendable {
    /// One round of OPTIONS to a peer's contacts, still waiting.
    private struct Round {
        var id: Int
        var started: NIODeadline
        var pending: Int
        var deadline: Scheduled<Void>?
    }

    private let stack: SIPStack
    private var directory: SIPPeerDirectory { stack.directory }
    /// Where a peer with a fixed host is reached (none for host names not yet resolved).
    private var fixedTarget: (@Sendable (SIPPeer) -> SIPOutgoingTarget?)?
    private var timers: [String: Scheduled<Void>] = [:]
    private var rounds: [String: Round] = [:]
    private var nextRound = 0
    private var cseq: UInt32 = 100
    private var running = false

    init(stack: SIPStack) {
        self.stack = stack
    }

    /// Begins qualifying every peer with `qualify` set, each at once, then
    /// every `qualifyfreq` seconds.
    func start(fixedTarget: @escaping @Sendable (SIPPeer) -> SIPOutgoingTarget?) {
        stack.loop.execute { [self] in
            guard !running else { return }
            running = true
            self.fixedTarget = fixedTarget
            stack.registrar.bindingAdded = { [weak self] name in self?.peerRegistered(name) }
            for peer in directory.peers where peer.qualify {
                poke(peer.name)
                schedule(peer)
            }
        }
    }

    /// Stops every timer; answers still to come are ignored.
    func stop() async {
        try? await stack.loop.submit { [self] in
            running = false
            stack.registrar.bindingAdded = nil
            for timer in timers.values { timer.cancel() }
            for round in rounds.values { round.deadline?.cancel() }
            timers.removeAll()
            rounds.removeAll()
        }.get()
    }

    /// A new or refreshed registration: qualify now, once the REGISTER has
    /// been answered, rather than a whole period later.
    private func peerRegistered(_ name: String) {
        guard running, directory.peer(named: name)?.qualify == true else { return }
        stack.loop.assumeIsolated().execute { [weak self] in self?.poke(name) }
    }

    private func schedule(_ peer: SIPPeer) {
        let name = peer.name
        timers[name] = stack.loop.assumeIsolated().scheduleTask(in: .seconds(Int64(peer.qualifyFrequency))) { [weak self] in
            guard let self, self.running else { return }
            self.poke(name)
            if let peer = self.directory.peer(named: name), peer.qualify { self.schedule(peer) }
        }
    }

    /// Where to send a peer's OPTIONS: each live contact, else its fixed host.
    private func targets(for peer: SIPPeer) -> [SIPOutgoingTarget] {
        let bindings = directory.bindings(of: peer.name)
        if !bindings.isEmpty {
            return bindings.map { SIPOutgoingTarget(requestURI: $0.contact, toUser: peer.name, path: $0.source) }
        }
        guard !peer.isDynamic, let target = fixedTarget?(peer) else { return [] }
        return [target]
    }

    /// Sends one round, unless one is still out. Nothing to ask: UNKNOWN.
    private func poke(_ name: String) {
        guard running, rounds[name] == nil, let peer = directory.peer(named: name), peer.qualify else { return }
        let targets = targets(for: peer)
        guard !targets.isEmpty else {
            record(.unknown, for: peer)
            return
        }
        nextRound += 1
        let id = nextRound
        // Silence for twice the allowed latency is no answer (Asterisk's
        // rule); a reply in between is LAGGED.
        let deadline = stack.loop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(peer.qualifyMaxLatency) * 2)) { [weak self] in
            guard let self else { return }
            self.finish(name, round: id, response: nil, timedOut: true)
        }
        rounds[name] = Round(id: id, started: .now(), pending: targets.count, deadline: deadline)
        for target in targets {
            cseq &+= 1
            let branch = SIPStack.newBranch()
            let request = SIPQualifier.options(to: target, branch: branch, callID: SIPStack.newTag() + "@" + target.path.local.uriHost,
                                               fromTag: SIPStack.newTag(), cseq: cseq, userAgent: stack.settings.userAgent)
            stack.transactions.sendRequest(branch: branch, bytes: stack.transport.encode(request), path: target.path) { [weak self] response in
                self?.finish(name, round: id, response: response)
            }
        }
    }

    /// The first answer of a round settles it; no answer by the deadline,
    /// or every contact failing, makes the peer UNREACHABLE.
    private func finish(_ name: String, round id: Int, response: SIPMessage?, timedOut: Bool = false) {
        guard running, var round = rounds[name], round.id == id, let peer = directory.peer(named: name) else { return }
        if response == nil, !timedOut {
            round.pending -= 1
            if round.pending > 0 {
                rounds[name] = round
                return
            }
        }
        round.deadline?.cancel()
        rounds[name] = nil
        if response != nil {
            let latency = Int((NIODeadline.now() - round.started).nanoseconds / 1_000_000)
            record(.answered(after: latency, maxLatency: peer.qualifyMaxLatency), for: peer)
        } else {
            record(.unreachable(lastLatency: directory.status(of: name).latency ?? 0), for: peer)
        }
    }

    private func record(_ status: SIPPeerStatus, for peer: SIPPeer) {
        let old = directory.setStatus(status, of: peer.name)
        if let message = status.changeMessage(peer: peer.name, from: old, maxLatency: peer.qualifyMaxLatency) {
            stack.logger.notice("\(message)")
        }
    }

    /// An OPTIONS outside any dialog to `target` (RFC 3261 §11.1), from us.
    static func options(to target: SIPOutgoingTarget, branch: String, callID: String, fromTag: String, cseq: UInt32,
                        userAgent: String) -> SIPOutgoingMessage {
        let path = target.path
        var toURI = target.requestURI
        toURI.parameters = SIPParameters()
        toURI.user = target.toUser
        var from = NameAddr(uri: SIPURI(user: "swiftpbx", hostPort: path.local))
        from.tag = fromTag
        var headers = SIPHeaders()
        headers.add("Via", Via(transport: path.transport, sentBy: path.local, branch: branch).description)
        headers.add("Max-Forwards", "70")
        headers.add("From", from.description)
        headers.add("To", NameAddr(uri: toURI).description)
        headers.add("Contact", "<sip:swiftpbx@\(path.local.uriHost):\(path.localPort)>")
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(cseq) OPTIONS")
        headers.add("User-Agent", userAgent)
        headers.add("Allow", SIPStack.allowedMethods)
        headers.add("Accept", "application/sdp")
        return SIPOutgoingMessage(startLine: .request(method: .options, uri: target.requestURI), headers: headers)
    }
}
