import Foundation
import NIOConcurrencyHelpers
import PBXCore

/// The peers of sip.conf and their registered contacts. Shared between the
/// SIP event loop and the console, so behind a lock.
public final class SIPPeerDirectory: Sendable {
    private struct State {
        var peers: [String: SIPPeer] = [:]
        var bindings: [String: [ContactBinding]] = [:]
        /// Qualify results, by peer name.
        var statuses: [String: SIPPeerStatus] = [:]
    }
    private let state = NIOLockedValueBox(State())

    public init(peers: [String: SIPPeer] = [:]) {
        state.withLockedValue { $0.peers = peers }
    }

    /// Swaps in reloaded peers; bindings of peers that remain are kept.
    public func replacePeers(_ peers: [String: SIPPeer]) {
        state.withLockedValue {
            $0.peers = peers
            $0.bindings = $0.bindings.filter { peers[$0.key] != nil }
            $0.statuses = $0.statuses.filter { peers[$0.key]?.qualify == true }
        }
    }

    public func peer(named name: String) -> SIPPeer? {
        state.withLockedValue { $0.peers[name] }
    }

    public var peers: [SIPPeer] {
        state.withLockedValue { Array($0.peers.values) }.sorted { $0.name < $1.name }
    }

    /// Live (unexpired) bindings of a peer, newest first.
    public func bindings(of name: String, now: Date = Date()) -> [ContactBinding] {
        state.withLockedValue { s in
            (s.bindings[name] ?? []).filter { $0.expires > now }.sorted { $0.expires > $1.expires }
        }
    }

    /// Adds or refreshes a binding (same contact URI replaces the old one).
    public func bind(_ binding: ContactBinding, to name: String) {
        state.withLockedValue {
            var list = ($0.bindings[name] ?? []).filter { $0.contact.description != binding.contact.description && $0.expires > Date() }
            list.append(binding)
            $0.bindings[name] = list
        }
    }

    public func unbind(contact: SIPURI, from name: String) {
        state.withLockedValue {
            $0.bindings[name]?.removeAll { $0.contact.description == contact.description }
        }
    }

    public func unbindAll(from name: String) {
        _ = state.withLockedValue { $0.bindings.removeValue(forKey: name) }
    }

    /// A peer's qualify status: `.unmonitored` without `qualify`, `.unknown`
    /// until its first OPTIONS round ends.
    public func status(of name: String) -> SIPPeerStatus {
        state.withLockedValue { s in
            guard s.peers[name]?.qualify == true else { return .unmonitored }
            return s.statuses[name] ?? .unknown
        }
    }

    /// Records a qualify result; returns the status it replaces.
    @discardableResult
    public func setStatus(_ status: SIPPeerStatus, of name: String) -> SIPPeerStatus {
        state.withLockedValue { s in
            let old = s.statuses[name] ?? .unknown
            s.statuses[name] = status
            return old
        }
    }
}
