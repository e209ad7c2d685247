import Foundation
import NIOCore
import PBXCore

extension SIPChannelDriver: ChannelDriver {
    public var technology: String { "SIP" }

    /// `SIP/peer`, `SIP/peer/exten` or `SIP/exten@peer`: a new outgoing leg
    /// toward the peer's registered contact (the one in the caller's family
    /// first) or its configured host.
    public func request(_ address: String, formats: FormatSet, callerID: CallerID,
                        requester: (any PBXCore.Channel)?) async throws -> any OutgoingChannel {
        var peerName = address
        var exten: String?
        if let slash = address.firstIndex(of: "/") {
            peerName = String(address[..<slash])
            exten = String(address[address.index(after: slash)...])
        } else if let at = address.firstIndex(of: "@") {
            exten = String(address[..<at])
            peerName = String(address[address.index(after: at)...])
        }
        guard let peer = directory.peer(named: peerName) else {
            throw DialError(cause: .unallocatedNumber, reason: "no SIP peer '\(peerName)'")
        }
        if directory.status(of: peer.name).isUnreachable { throw DialError(cause: .subscriberAbsent, reason: "SIP peer '\(peerName)' is UNREACHABLE") }
        let preferred = (requester as? SIPChannel)?.remoteSignalling.family
        var resolvedHosts: [HostPort] = []
        if case .fixed(let host) = peer.host, case .name = host.host, directory.bindings(of: peer.name).isEmpty {
            // SPEC: SRV, then AAAA before A when an IPv6 socket is bound.
            let preferIPv6 = sockets.sockets.contains { $0.family == .ipv6 }
            resolvedHosts = await resolver.resolve(host, preferIPv6: preferIPv6)
            if resolvedHosts.isEmpty {
                throw DialError(cause: .destinationOutOfOrder, reason: "cannot resolve '\(host)' for SIP peer '\(peerName)'")
            }
        }
        let targets = targets(for: peer, exten: exten, preferring: preferred, resolved: resolvedHosts)
        guard let first = targets.first else {
            if peer.transports == ["tcp"] {
                throw DialError(cause: .subscriberAbsent, reason: "SIP peer '\(peerName)' has no TCP connection to call it on")
            }
            throw DialError(cause: .subscriberAbsent, reason: "SIP peer '\(peerName)' is not registered")
        }
        let offered = Self.offerFormats(requested: formats, peer: peer.formats, translations: pbx.translations)
        let stack = self.stack
        let name = "SIP/\(peer.name)-\(String(format: "%08x", pbx.channels.nextSequence()))"
        let record = ChannelRecord(name: name, uniqueID: UUID().uuidString, technology: "SIP", callerID: callerID,
                                   exten: exten ?? peer.name, context: peer.context)
        let open: @Sendable (SIPOutgoingTarget) -> EventLoopFuture<SIPOutgoingSession> = { target in
            stack.loop.flatSubmit { stack.openOutgoing(record: record, target: target, callerID: callerID, formats: offered) }
        }
        let session = try await open(first).get()
        return SIPChannel(session: session, loop: stack.loop, fallbacks: Array(targets.dropFirst()), open: open)
    }

    /// What the INVITE offers: the peer's allowed codecs in its order of
    /// preference, a requested one (the caller's, needing no transcoding)
    /// moved first; codecs the loaded translators cannot reach from the
    /// requested format are left out unless nothing else remains.
    static func offerFormats(requested: FormatSet, peer: FormatSet, translations: TranslationMatrix) -> [AudioFormat] {
        let allowed = peer.formats.filter(\.isNegotiable)
        let direct = allowed.filter { requested.contains($0) }
        let reachable = allowed.filter { format in
            !direct.contains(format) && requested.formats.allSatisfy {
                translations.canTranslate(from: $0, to: format) && translations.canTranslate(from: format, to: $0)
            }
        }
        let offer = direct + reachable
        if !offer.isEmpty { return offer }
        return allowed.isEmpty ? [.ulaw] : allowed
    }

    /// Where to send the INVITE and through which socket: the first target.
    func target(for peer: SIPPeer, exten: String?, preferring family: AddressFamily?) -> SIPOutgoingTarget? {
        targets(for: peer, exten: exten, preferring: family).first
    }

    /// Every target to try in turn (RFC 3263 §4.3): the peer's registered
    /// contacts, those in `family` first; without any, its configured host,
    /// or each of `resolved` (the DNS results for it) in order. `transport=`
    /// decides the path: a TCP-only peer is reached over a connection it
    /// registered on (the PBX opens none itself), a UDP-only one never over TCP.
    func targets(for peer: SIPPeer, exten: String?, preferring family: AddressFamily?,
                 resolved: [HostPort] = []) -> [SIPOutgoingTarget] {
        let allowsUDP = peer.transports.contains("udp")
        let allowsTCP = peer.transports.contains("tcp")
        let bindings = directory.bindings(of: peer.name).filter { binding in
            guard let connection = binding.source.connection else { return allowsUDP }
            return allowsTCP && connection.isActive
        }
        let registered = !directory.bindings(of: peer.name).isEmpty
        if registered {
            let ordered = bindings.filter { $0.source.family == family } + bindings.filter { $0.source.family != family }
            return ordered.map { binding in
                var uri = binding.contact
                if let exten { uri.user = exten }
                return SIPOutgoingTarget(requestURI: uri, toUser: exten ?? peer.name, path: binding.source)
            }
        }
        guard allowsUDP, case .fixed(let configured) = peer.host else { return [] }
        let hosts = resolved.isEmpty ? [configured] : resolved
        return hosts.compactMap { udpTarget(host: $0, peer: peer, exten: exten) }
    }

    /// A UDP target at `host` from the socket of its family.
    private func udpTarget(host: HostPort, peer: SIPPeer, exten: String?) -> SIPOutgoingTarget? {
        guard let address = host.address else { return nil }
        let port = host.port ?? 5060
        guard let socket = sockets.socket(toward: address), let remote = try? address.socketAddress(port: port) else { return nil }
        let local = socket.isWildcard ? (LocalAddressProbe.localAddress(toward: address) ?? address) : (socket.bound.address ?? address)
        let path = SIPPacketSource(socketIndex: socket.index, transport: "UDP", remote: remote,
                                   remoteHostPort: HostPort(address: address, port: port), localAddress: local,
                                   localPort: socket.bound.port ?? 5060)
        let uri = SIPURI(user: exten ?? peer.name, hostPort: HostPort(address: address, port: port))
        return SIPOutgoingTarget(requestURI: uri, toUser: exten ?? peer.name, path: path)
    }
}

/// A resolved destination for an outgoing INVITE.
struct SIPOutgoingTarget: Sendable {
    var requestURI: SIPURI
    var toUser: String
    var path: SIPPacketSource
}

extension SIPStack {
    /// Opens RTP in the target's family and makes the session (not yet sent).
    func openOutgoing(record: ChannelRecord, target: SIPOutgoingTarget, callerID: CallerID,
                      formats: [AudioFormat]) -> EventLoopFuture<SIPOutgoingSession> {
        let path = target.path
        let first = formats.first ?? .ulaw
        return RTPSession.open(on: loop, family: path.family, ports: rtpPorts, format: first,
                               payloadType: first.offerPayloadType ?? 0).hop(to: loop).map { rtp in
            let fromURI = SIPURI(user: callerID.number.isEmpty ? "anonymous" : callerID.number, hostPort: path.local)
            let from = NameAddr(displayName: callerID.name.isEmpty ? nil : callerID.name, uri: fromURI)
            var toURI = target.requestURI
            toURI.parameters = SIPParameters()
            toURI.user = target.toUser
            let callID = SIPStack.newTag() + "@" + path.local.uriHost
            let session = SIPOutgoingSession(callID: callID, record: record, rtp: rtp, path: path, mediaAddress: path.localAddress,
                                             from: from, to: NameAddr(uri: toURI), target: target.requestURI, formats: formats,
                                             stack: self)
            self.registerDialog(session)
            return session
        }
    }
}
