import Foundation

/// The console end of the control socket, in plain blocking POSIX calls:
/// `-rx` sends one command and prints the answer; `-r` reads lines.
struct RemoteConsoleClient {
    enum ClientError: Error, CustomStringConvertible {
        case notRunning(String)
        case protocolError
        var description: String {
            switch self {
            case .notRunning(let path): "Unable to connect to remote SwiftPBX (does \(path) exist?)"
            case .protocolError: "bad answer from the PBX"
            }
        }
    }

    private let descriptor: Int32

    init(path: String) throws(ClientError) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .notRunning(path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: address.sun_path) else { _ = Glibc.close(fd); throw .notRunning(path) }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { _ = Glibc.close(fd); throw .notRunning(path) }
        descriptor = fd
    }

    static func isAlive(path: String) -> Bool {
        guard let client = try? RemoteConsoleClient(path: path) else { return false }
        client.close()
        return true
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Runs one command; returns its output and whether it succeeded.
    func run(_ command: String) throws(ClientError) -> (output: String, success: Bool) {
        try send(.command, command)
        var output = ""
        while true {
            let frame = try readFrame()
            switch frame.kind {
            case .output: output += frame.payload
            case .status: return (output, frame.payload == "0")
            case .log: continue
            case .command, .complete, .attach: throw .protocolError
            }
        }
    }

    /// Sends one frame.
    func send(_ kind: ControlFrameKind, _ payload: String) throws(ClientError) {
        var frame: [UInt8] = [kind.rawValue]
        let bytes = Array(payload.utf8)
        let length = UInt32(bytes.count)
        frame += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
        frame += bytes
        guard writeAll(frame) else { throw .protocolError }
    }

    /// Reads the next frame, waiting for it; throws when the PBX has gone.
    func readFrame() throws(ClientError) -> ControlMessage {
        guard let header = readExactly(5), let kind = ControlFrameKind(rawValue: header[0]) else { throw .protocolError }
        let size = Int(header[1]) << 24 | Int(header[2]) << 16 | Int(header[3]) << 8 | Int(header[4])
        guard size <= ControlMessage.maximumLength, let body = readExactly(size) else { throw .protocolError }
        return ControlMessage(kind: kind, payload: String(decoding: body, as: UTF8.self))
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    private func readExactly(_ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got <= 0 { return nil }
            offset += got
        }
        return buffer
    }
}
