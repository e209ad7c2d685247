import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// The open SIP stream connections, by the far end's address and port, so a
/// request the PBX starts toward a phone that came over TCP reuses that
/// connection (RFC 3261 §18.1.1). It also counts who is using each one
/// (pending transactions, dialogs): a connection in use is never closed
/// for being idle.
///
/// Connections add themselves when they become active and remove themselves
/// when they close; everything is behind one lock since the console reads it
/// from outside the SIP event loop.
final class SIPConnectionTable: Sendable {
    private struct State {
        var byRemote: [HostPort: any NIOCore.Channel] = [:]
        var users: [ObjectIdentifier: Int] = [:]
    }

    private let state = NIOLockedValueBox(State())

    init() {}

    /// A connection is open to `remote`. A newer one to the same address
    /// takes its place in the table; the older stays open until it closes.
    func add(_ connection: any NIOCore.Channel, remote: HostPort) {
        state.withLockedValue { $0.byRemote[remote] = connection }
    }

    /// `connection` closed: forgotten, unless a newer one took its place.
    func remove(_ connection: any NIOCore.Channel, remote: HostPort) {
        state.withLockedValue { state in
            if let current = state.byRemote[remote], current === connection {
                state.byRemote.removeValue(forKey: remote)
            }
            state.users.removeValue(forKey: ObjectIdentifier(connection))
        }
    }

    /// The open connection to `remote`, if there is one.
    func connection(to remote: HostPort) -> (any NIOCore.Channel)? {
        guard let connection = state.withLockedValue({ $0.byRemote[remote] }), connection.isActive else { return nil }
        return connection
    }

    /// Marks `connection` as used by one more transaction or dialog.
    func hold(_ connection: any NIOCore.Channel) {
        state.withLockedValue { $0.users[ObjectIdentifier(connection), default: 0] += 1 }
    }

    /// Undoes one `hold`.
    func release(_ connection: any NIOCore.Channel) {
        state.withLockedValue { state in
            let key = ObjectIdentifier(connection)
            guard let count = state.users[key] else { return }
            if count <= 1 {
                state.users.removeValue(forKey: key)
            } else {
                state.users[key] = count - 1
            }
        }
    }

    /// True while anything holds `connection`.
    func isInUse(_ connection: any NIOCore.Channel) -> Bool {
        state.withLockedValue { ($0.users[ObjectIdentifier(connection)] ?? 0) > 0 }
    }

    var count: Int { state.withLockedValue { $0.byRemote.count } }

    /// The far ends of every open connection, sorted for display.
    var remotes: [HostPort] {
        state.withLockedValue { Array($0.byRemote.keys) }.sorted { $0.description < $1.description }
    }

    /// Starts closing every connection (module unload); each removes itself
    /// once closed.
    func closeAll() {
        let connections = state.withLockedValue { Array($0.byRemote.values) }
        for connection in connections { connection.close(promise: nil) }
    }
}
