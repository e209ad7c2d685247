import Foundation
import Logging
import NIOCore
import PBXCore

/// The SIP core of one PBX: receives parsed messages from every socket,
/// runs them through the transaction layer, and dispatches new requests to
/// the registrar and the INVITE handling. Confined to one event loop.
final class SIPStack: @unchecked Sendable {
    static let allowedMethods = "INVITE, ACK, CANCEL, OPTIONS, BYE, REGISTER, UPDATE, INFO, SUBSCRIBE"

    let loop: any EventLoop
    let transport: SIPTransport
    let transactions: SIPTransactionLayer
    private(set) var settings: SIPSettings
    let directory: SIPPeerDirectory
    private(set) var registrar: SIPRegistrar
    private(set) var authenticator: DigestAuthenticator
    let pbx: PBX
    let rtpPorts: PortAllocator
    let logger: Logger
    /// Prints every packet when `sip set debug on`.
    let debug: SIPDebugSwitch
    /// Every INVITE session by Call-ID and our tag (in-dialog requests).
    var sessions: [String: SIPSession] = [:]
    /// Incoming sessions by the caller's identifiers, to catch INVITE
    /// retransmissions and CANCELs.
    var incomingByInvite: [String: SIPIncomingSession] = [:]
    /// Message-waiting indication (NOTIFY, SUBSCRIBE), once started.
    var mwi: SIPMWINotifier?

    static func inviteKey(_ invite: SIPMessage) -> String {
        "\(invite.callID)|\(invite.from.tag ?? "")|\(invite.cseq.number)"
    }

    init(loop: any EventLoop, transport: SIPTransport, settings: SIPSettings, directory: SIPPeerDirectory,
         pbx: PBX, rtpPorts: PortAllocator, debug: SIPDebugSwitch, logger: Logger) {
        self.loop = loop
        self.transport = transport
        self.transactions = SIPTransactionLayer(loop: loop, transport: transport)
        self.settings = settings
        self.directory = directory
        self.authenticator = DigestAuthenticator(realm: settings.realm, algorithms: settings.digestAlgorithms, nonceLifetime: TimeInterval(settings.nonceLifetime))
        self.registrar = SIPRegistrar(directory: directory, authenticator: authenticator, settings: settings, logger: logger)
        self.pbx = pbx
        self.rtpPorts = rtpPorts
        self.debug = debug
        self.logger = logger
    }

    /// Takes reloaded settings on the loop; requests already in progress
    /// finish with the settings they started with.
    func replaceSettings(_ settings: SIPSettings) async {
        try? await loop.submit {
            self.settings = settings
            self.authenticator = DigestAuthenticator(realm: settings.realm, algorithms: settings.digestAlgorithms,
                                                     nonceLifetime: TimeInterval(settings.nonceLifetime))
            let registered = self.registrar.bindingAdded
            self.registrar = SIPRegistrar(directory: self.directory, authenticator: self.authenticator, settings: settings, logger: self.logger)
            // The qualifier's hook must survive a reload.
            self.registrar.bindingAdded = registered
        }.get()
    }

    static func newBranch() -> String {
        "z9hG4bK" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    static func newTag() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    /// Entry point from the transport, on the loop.
    func receive(_ message: SIPMessage, from source: SIPPacketSource) {
        transport.tracer?.received(message, from: source)
        guard message.isRequest else {
            if !transactions.responseReceived(message), message.cseq.method == .invite, let status = message.statusCode,
               (200..<300).contains(status), let tag = message.from.tag,
               let session = sessions[SIPSession.key(callID: message.callID, localTag: tag)] as? SIPOutgoingSession {
                session.retransmitted2xx()
            }
            return
        }
        if let existing = transactions.matchServer(message) {
            if message.method == .ack { existing.ackReceived() } else { existing.retransmissionReceived() }
            if message.method != .ack { return }
        }
        switch message.method {
        case .ack:
            if let tag = message.to.tag, let session = sessions[SIPSession.key(callID: message.callID, localTag: tag)] {
                (session as? SIPIncomingSession)?.ackReceived()
                session.dialogAckReceived(cseq: message.cseq.number)
            }
        case .options:
            respond(message, source: source) { request in
                var response = SIPOutgoingMessage.response(to: request, status: 200, toTag: SIPStack.newTag())
                response.headers.add("Allow", SIPStack.allowedMethods)
                response.headers.add("Accept", "application/sdp")
                response.headers.add("Supported", "replaces, timer")
                response.headers.add("Server", self.settings.userAgent)
                response.headers.add("Contact", "<sip:\(source.local.uriHost):\(source.localPort)>")
                return response
            }
        case .register:
            var status = 0
            respond(message, source: source) { request in
                let response = self.registrar.handle(request, source: source, toTag: SIPStack.newTag())
                status = response.statusCode ?? 0
                return response
            }
            if status == 200, message.expires != 0, let name = message.to.uri.user { mwi?.peerRegistered(name) }
        case .subscribe:
            handleSubscribe(message, source: source)
        case .invite:
            handleInvite(message, source: source)
        case .update:
            if let tag = message.to.tag, let session = sessions[SIPSession.key(callID: message.callID, localTag: tag)] {
                handleInDialogOffer(message, source: source, session: session)
            } else {
                respond(message, source: source) { SIPOutgoingMessage.response(to: $0, status: 481) }
            }
        case .info:
            handleInfo(message, source: source)
        case .bye:
            handleBye(message, source: source)
        case .cancel:
            handleCancel(message, source: source)
        default:
            respond(message, source: source) { request in
                var response = SIPOutgoingMessage.response(to: request, status: 501, toTag: SIPStack.newTag())
                response.headers.add("Allow", SIPStack.allowedMethods)
                return response
            }
        }
    }

    /// Runs a request through a new server transaction and sends the response `make` builds.
    func respond(_ request: SIPMessage, source: SIPPacketSource, make: (SIPMessage) -> SIPOutgoingMessage) {
        let transaction = transactions.createServer(for: request, source: source)
        let response = make(request)
        send(response, through: transaction)
    }

    func send(_ response: SIPOutgoingMessage, through transaction: SIPServerTransaction) {
        transaction.respond(transport.encode(response), status: response.statusCode ?? 500)
    }

    private func handleBye(_ request: SIPMessage, source: SIPPacketSource) {
        let call = request.to.tag.flatMap { sessions[SIPSession.key(callID: request.callID, localTag: $0)] }
        respond(request, source: source) { request in
            SIPOutgoingMessage.response(to: request, status: call == nil ? 481 : 200)
        }
        call?.remoteHangup(cause: .normalClearing)
    }

    private func handleCancel(_ request: SIPMessage, source: SIPPacketSource) {
        let invite = transactions.inviteTransaction(cancelledBy: request)
        // CANCEL carries the INVITE's Call-ID, From tag and CSeq number.
        let call = invite == nil ? nil : incomingByInvite[SIPStack.inviteKey(request)]
        respond(request, source: source) { request in
            SIPOutgoingMessage.response(to: request, status: invite == nil ? 481 : 200, toTag: call?.localTag)
        }
        if let call {
            call.cancelled()
        } else if let invite, invite.state == .proceeding || invite.state == .trying {
            // Cancelled while still being set up (auth or media pending).
            let response = SIPOutgoingMessage.response(to: invite.request, status: 487, toTag: SIPStack.newTag())
            send(response, through: invite)
        }
    }

    func registerDialog(_ session: SIPSession) {
        sessions[session.key] = session
        if let incoming = session as? SIPIncomingSession {
            incomingByInvite[SIPStack.inviteKey(incoming.invite)] = incoming
        }
    }

    func sessionEnded(_ session: SIPSession) {
        if sessions[session.key] === session { sessions.removeValue(forKey: session.key) }
        if let incoming = session as? SIPIncomingSession {
            incomingByInvite.removeValue(forKey: SIPStack.inviteKey(incoming.invite))
        }
    }
}

extension SIPMessage {
    /// One line for logs: the start line and Call-ID.
    var summaryLine: String {
        switch startLine {
        case .request(let method, let uri): "\(method) \(uri) SIP/2.0 (Call-ID \(callID))"
        case .response(let code, let reason): "SIP/2.0 \(code) \(reason) (CSeq \(cseq), Call-ID \(callID))"
        }
    }
}
