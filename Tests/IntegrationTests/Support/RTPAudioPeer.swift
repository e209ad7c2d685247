import Foundation
import PBXCore

/// A phone's media port that talks and listens: sends a PCMU tone paced at
/// 20 ms and keeps the decoded audio of every PCMU packet it receives, so a
/// test can look for a tone in what the PBX sent.
final class RTPAudioPeer: @unchecked Sendable {
    let family: LoopbackFamily
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [Int16] = []
    private var packets = 0
    private var eventPackets = 0
    private var finished = false
    private var threads: [Thread] = []

    init(family: LoopbackFamily, port: Int) throws {
        self.family = family
        self.port = port
        descriptor = socket(family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw RTPCounter.CounterError.socket }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bound: Int32
        if family == .ipv4 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        } else {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        guard bound == 0 else { close(descriptor); throw RTPCounter.CounterError.bind(port) }
    }

    private var isFinished: Bool { lock.withLock { finished } }

    /// Receives on a thread of its own for at most `limit` seconds.
    func startListening(limit: TimeInterval = 20) {
        let deadline = Date().addingTimeInterval(limit)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 2048)
            while Date() < deadline, !isFinished {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 12, buffer[0] >> 6 == 2 else { continue }
                if buffer[1] & 0x7F == 101 {
                    lock.withLock { eventPackets += 1 }
                    continue
                }
                guard buffer[1] & 0x7F == 0 else { continue }
                let samples = buffer[12..<count].map { G711.linear(fromULaw: $0) }
                lock.withLock {
                    packets += 1
                    received += samples
                }
            }
        }
        threads.append(thread)
        thread.start()
    }

    /// Sends `seconds` of a PCMU sine at `frequency` Hz to `port`, one packet every 20 ms.
    func startTalking(frequency: Double, seconds: Double, toPort port: Int) {
        let tone = ToneAnalysis.sine(frequency: frequency, seconds: seconds).samples.map { G711.ulaw(fromLinear: $0) }
        let family = self.family
        let thread = Thread { [self] in
            let start = Date()
            for (index, offset) in stride(from: 0, to: tone.count - 159, by: 160).enumerated() where !isFinished {
                let sequence = UInt16(truncatingIfNeeded: index)
                let timestamp = UInt32(offset)
                var packet: [UInt8] = [0x80, index == 0 ? 0x80 : 0x00, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
                                       UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF),
                                       UInt8(timestamp & 0xFF), 0x70, 0x68, 0x6F, 0x6E]
                packet += tone[offset..<offset + 160]
                _ = UDPPeer.sendDatagram(packet, from: descriptor, family: family, toPort: port)
                let due = start.addingTimeInterval(Double(index + 1) * 0.02)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            }
        }
        threads.append(thread)
        thread.start()
    }

    /// Stops both threads; the decoded audio received, the PCMU packet count
    /// and the RFC 4733 (payload type 101) packet count.
    func finish() -> (audio: ToneAnalysis.Audio, packets: Int, eventPackets: Int) {
        lock.withLock { finished = true }
        usleep(300_000)
        close(descriptor)
        return lock.withLock { (ToneAnalysis.Audio(samples: received, sampleRate: 8000), packets, eventPackets) }
    }
}
