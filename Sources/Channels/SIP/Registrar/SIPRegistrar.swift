import Foundation
import Logging
import PBXCore

/// Handles REGISTER (RFC 3261 §10.3): digest authentication, then adding,
/// refreshing and removing a peer's contacts.
final class SIPRegistrar {
    private let directory: SIPPeerDirectory
    private let authenticator: DigestAuthenticator
    private let settings: SIPSettings
    private let logger: Logger
    private let dateFormatter = DateFormatter.sipDate
    /// Told the peer's name whenever a contact is bound or refreshed.
    var bindingAdded: ((String) -> Void)?

    init(directory: SIPPeerDirectory, authenticator: DigestAuthenticator, settings: SIPSettings, logger: Logger) {
        self.directory = directory
        self.authenticator = authenticator
        self.settings = settings
        self.logger = logger
    }

    /// The response to send for a REGISTER.
    func handle(_ request: SIPMessage, source: SIPPacketSource, toTag: String) -> SIPOutgoingMessage {
        guard let name = request.to.uri.user, !name.isEmpty else {
            return SIPOutgoingMessage.response(to: request, status: 404, toTag: toTag)
        }
        let peer = directory.peer(named: name)
        if let peer, !peer.requiresAuthentication {
            return register(request, peer: peer, source: source, toTag: toTag)
        }
        guard let header = request.headers["Authorization"], let credentials = DigestCredentials(header: header) else {
            return challenge(request, stale: false, toTag: toTag)
        }
        let outcome = authenticator.verify(credentials, method: "REGISTER", secret: peer?.secret, md5secret: peer?.md5secret)
        switch outcome {
        case .challenge(let stale):
            return challenge(request, stale: stale, toTag: toTag)
        case .rejected:
            logger.notice("Registration from '\(request.headers["From"] ?? "")' failed for '\(source.remoteHostPort)' - Wrong password")
            return SIPOutgoingMessage.response(to: request, status: 403, toTag: toTag)
        case .accepted:
            guard let peer, credentials.username == peer.name else {
                return SIPOutgoingMessage.response(to: request, status: 403, toTag: toTag)
            }
            return register(request, peer: peer, source: source, toTag: toTag)
        }
    }

    private func challenge(_ request: SIPMessage, stale: Bool, toTag: String) -> SIPOutgoingMessage {
        var response = SIPOutgoingMessage.response(to: request, status: 401, toTag: toTag)
        for value in authenticator.challenges(stale: stale) { response.headers.add("WWW-Authenticate", value) }
        return response
    }

    private func register(_ request: SIPMessage, peer: SIPPeer, source: SIPPacketSource, toTag: String) -> SIPOutgoingMessage {
        guard peer.isDynamic else {
            logger.notice("Peer '\(peer.name)' is trying to register, but is not configured as host=dynamic")
            return SIPOutgoingMessage.response(to: request, status: 403, toTag: toTag)
        }
        let now = Date()
        if request.contactIsWildcard {
            guard request.expires == 0, request.contacts.isEmpty else {
                return SIPOutgoingMessage.response(to: request, status: 400, reason: "Bad Request - Contact * needs Expires: 0", toTag: toTag)
            }
            directory.unbindAll(from: peer.name)
            logger.info("Unregistered SIP '\(peer.name)'")
        }
        for contact in request.contacts {
            let asked = contact.parameters["expires"].flatMap { Int($0) } ?? request.expires ?? settings.defaultExpiry
            if asked == 0 {
                directory.unbind(contact: contact.uri, from: peer.name)
                logger.info("Unregistered SIP '\(peer.name)'")
                continue
            }
            if asked < settings.minExpiry {
                var response = SIPOutgoingMessage.response(to: request, status: 423, toTag: toTag)
                response.headers.add("Min-Expires", "\(settings.minExpiry)")
                return response
            }
            let granted = min(asked, settings.maxExpiry)
            let binding = ContactBinding(contact: contact.uri, source: source, expires: now.addingTimeInterval(TimeInterval(granted)),
                                         userAgent: request.headers["User-Agent"])
            let isNew = directory.bindings(of: peer.name).isEmpty
            directory.bind(binding, to: peer.name)
            bindingAdded?(peer.name)
            if isNew {
                logger.info("Registered SIP '\(peer.name)' at \(source.remoteHostPort)")
            }
        }
        var response = SIPOutgoingMessage.response(to: request, status: 200, toTag: toTag)
        for binding in directory.bindings(of: peer.name, now: now) {
            response.headers.add("Contact", "<\(binding.contact)>;expires=\(binding.secondsLeft(now: now))")
        }
        response.headers.add("Date", dateFormatter.string(from: now))
        return response
    }
}

extension DateFormatter {
    /// RFC 1123 dates for the Date header.
    static var sipDate: DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
