import Foundation

/// A UDP socket standing in for a phone's media port: counts the RTP packets
/// that arrive and checks their sequence and timestamp steps.
final class RTPCounter: @unchecked Sendable {
    struct Report {
        var packets = 0
        var payloadBytes = 0
        var payloadTypes: Set<UInt8> = []
        var sequenceGaps = 0
        var timestampSteps: Set<UInt32> = []
        var ssrcs: Set<UInt32> = []
        /// The first payload byte of each packet, counted.
        var payloadFirstBytes: [UInt8: Int] = [:]
        /// The payloads themselves, in arrival order (the first 500).
        var payloads: [[UInt8]] = []
    }

    let port: Int
    private let descriptor: Int32
    private var thread: Thread?
    private let lock = NSLock()
    private var report = Report()
    private var finished = false

    init(family: LoopbackFamily, port: Int) throws {
        self.port = port
        self.family = family
        let domain = family == .ipv4 ? AF_INET : AF_INET6
        descriptor = socket(domain, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw CounterError.socket }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if family == .ipv4 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        } else {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            address.sin6_addr = in6addr_loopback
            result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
        }
        guard result == 0 else { close(descriptor); throw CounterError.bind(port) }
    }

    let family: LoopbackFamily

    /// Sends `count` 20 ms PCMU packets filled with `fill` from this socket
    /// (so the PBX sees them come from the port our SDP named).
    func sendStream(count: Int, fill: UInt8, toPort port: Int) {
        let ssrc: UInt32 = 0x5150_0000 | UInt32(fill)
        for index in 0..<count {
            let sequence = UInt16(index)
            let timestamp = UInt32(index * 160)
            var packet: [UInt8] = [0x80, index == 0 ? 0x80 : 0x00, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
                                   UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF),
                                   UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)]
            packet += [UInt8](repeating: fill, count: 160)
            _ = UDPPeer.sendDatagram(packet, from: descriptor, family: family, toPort: port)
            usleep(5_000)
        }
    }

    /// Sends `payloads` as one stream with `payloadType`, timestamps
    /// advancing by `ticks` per packet, paced at 20 ms.
    func sendPayloads(_ payloads: [[UInt8]], payloadType: UInt8, ticks: Int, toPort port: Int) {
        let ssrc: UInt32 = 0x544F_4E45
        for (index, payload) in payloads.enumerated() {
            let sequence = UInt16(truncatingIfNeeded: index)
            let timestamp = UInt32(truncatingIfNeeded: index * ticks)
            let packet: [UInt8] = [0x80, (index == 0 ? 0x80 : 0x00) | payloadType, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
                                   UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF),
                                   UInt8(timestamp & 0xFF), UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF),
                                   UInt8(ssrc & 0xFF)] + payload
            _ = UDPPeer.sendDatagram(packet, from: descriptor, family: family, toPort: port)
            usleep(20_000)
        }
    }

    /// Sends one RFC 4733 event (PT 101): three packets, then three end packets.
    func sendEvent(code: UInt8, toPort port: Int) {
        let ssrc: UInt32 = 0x4454_4D46
        let timestamp: UInt32 = 8000
        for index in 0..<6 {
            let end = index >= 3
            let duration = UInt16(min(index, 3) * 160 + 160)
            let packet: [UInt8] = [0x80, (index == 0 ? 0x80 : 0x00) | 101, 0, UInt8(index),
                                   UInt8(timestamp >> 24), UInt8(timestamp >> 16 & 0xFF), UInt8(timestamp >> 8 & 0xFF), UInt8(timestamp & 0xFF),
                                   UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF),
                                   code, (end ? 0x80 : 0) | 10, UInt8(duration >> 8), UInt8(duration & 0xFF)]
            _ = UDPPeer.sendDatagram(packet, from: descriptor, family: family, toPort: port)
            usleep(20_000)
        }
    }

    /// Starts counting on a thread of its own; stops after `limit` seconds.
    func start(limit: TimeInterval = 20) {
        let deadline = Date().addingTimeInterval(limit)
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 2048)
            var lastSequence: UInt16?
            var lastTimestamp: UInt32?
            while Date() < deadline, !isFinished {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count >= 12, buffer[0] >> 6 == 2 else { continue }
                let sequence = UInt16(buffer[2]) << 8 | UInt16(buffer[3])
                let timestamp = UInt32(buffer[4]) << 24 | UInt32(buffer[5]) << 16 | UInt32(buffer[6]) << 8 | UInt32(buffer[7])
                let ssrc = UInt32(buffer[8]) << 24 | UInt32(buffer[9]) << 16 | UInt32(buffer[10]) << 8 | UInt32(buffer[11])
                lock.lock()
                report.packets += 1
                report.payloadBytes += count - 12
                report.payloadTypes.insert(buffer[1] & 0x7F)
                report.ssrcs.insert(ssrc)
                if count > 12 { report.payloadFirstBytes[buffer[12], default: 0] += 1 }
                if report.payloads.count < 500 { report.payloads.append(Array(buffer[12..<count])) }
                if let lastSequence, sequence != lastSequence &+ 1 { report.sequenceGaps += 1 }
                if let lastTimestamp { report.timestampSteps.insert(timestamp &- lastTimestamp) }
                lock.unlock()
                lastSequence = sequence
                lastTimestamp = timestamp
            }
        }
        self.thread = thread
        thread.start()
    }

    private var isFinished: Bool {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    /// Stops counting and gives what was seen.
    func finish() -> Report {
        lock.lock()
        finished = true
        let result = report
        lock.unlock()
        usleep(250_000)
        close(descriptor)
        return result
    }

    enum CounterError: Error {
        case socket
        case bind(Int)
    }
}
