import Logging
import NIOCore
import PBXCore

/// `sip set debug on`: every SIP packet in and out, whole, with its
/// direction, transport and the far end's address (IPv6 bracketed), as
/// Asterisk's `<--- SIP read from UDP:[::1]:5062 --->` blocks.
struct SIPPacketTracer: Sendable {
    let debug: SIPDebugSwitch
    let logger: Logger

    var isOn: Bool { debug.isOn }

    func received(_ message: SIPMessage, from source: SIPPacketSource) {
        guard debug.isOn else { return }
        logger.info("\n<--- SIP read from \(source.transport):\(source.remoteHostPort) --->\n\(message.wireText)<------------->")
    }

    func sent(_ bytes: ByteBuffer, transport: String, to remote: SocketAddress) {
        guard debug.isOn else { return }
        let address = HostPort(socketAddress: remote)?.description ?? "\(remote)"
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        logger.info("\n<--- Transmitting (\(transport)) to \(address) --->\n\(text)<------------>")
    }
}

extension SIPMessage {
    /// The message as text again (start line, headers, body) for the trace.
    var wireText: String {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(method) \(uri) SIP/2.0\r\n"
        case .response(let code, let reason): text = "SIP/2.0 \(code) \(reason)\r\n"
        }
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n" + String(decoding: body, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        return text
    }
}
