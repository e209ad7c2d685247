import PBXCore

extension SIPMessage {
    /// Notes on the top Via where the request really came from (RFC 3261
    /// §18.2.1 `received`, RFC 3581 `rport`), so responses built from it go
    /// back through NATs and to the right port.
    mutating func stampReceived(from source: HostPort) {
        guard !via.isEmpty, let address = source.address else { return }
        if via[0].sentBy.address != address || via[0].rport != nil {
            via[0].parameters.set("received", HostPort(address: address, port: nil).sdpHost)
        }
        if via[0].rport != nil, let port = source.port {
            via[0].parameters.set("rport", String(port))
        }
    }
}
