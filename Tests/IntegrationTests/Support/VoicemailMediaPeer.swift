import Foundation

/// The media side of a caller for voicemail tests: one UDP socket that
/// keeps the G.711 µ-law audio the PBX sends (decoded), and sends a tone or
/// RFC 4733 digits to the PBX from the port our SDP named. Every loop is
/// bounded in count and time.
final class VoicemailMediaPeer: @unchecked Sendable {
    let family: LoopbackFamily
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [Int16] = []
    private var stopped = false
    private var sequence: UInt16 = 1
    private var timestamp: UInt32 = 0
    private let ssrc: UInt32 = 0x564D_5445

    init(family: LoopbackFamily, port: Int) throws {
        self.family = family
        self.port = port
        descriptor = socket(family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw UDPPeer.PeerError.socket }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bound = VoicemailMediaPeer.bindLoopback(descriptor, family: family, port: port)
        guard bound == 0 else {
            close(descriptor)
            throw UDPPeer.PeerError.bind(port)
        }
    }

    /// Receives on a thread of its own for at most `limit` seconds.
    func startReceiving(limit: TimeInterval = 60) {
        let deadline = Date().addingTimeInterval(limit)
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 2048)
            while Date() < deadline, !isStopped {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 12, buffer[0] >> 6 == 2, buffer[1] & 0x7F == 0 else { continue }
                let samples = buffer[12..<count].map(VoicemailMediaPeer.linear(fromULaw:))
                lock.lock()
                received += samples
                lock.unlock()
            }
        }.start()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Everything heard so far, as 8 kHz samples.
    var heard: ToneAnalysis.Audio {
        lock.lock()
        defer { lock.unlock() }
        return ToneAnalysis.Audio(samples: received, sampleRate: 8000)
    }

    /// Sends `seconds` of a sine at `frequency` as 20 ms PCMU packets, paced in real time.
    func sendTone(frequency: Double, seconds: Double, toPort pbxPort: Int) {
        let tone = ToneAnalysis.sine(frequency: frequency, seconds: seconds, amplitude: 6000)
        let start = Date()
        for (index, offset) in stride(from: 0, to: tone.samples.count - 159, by: 160).enumerated() {
            if isStopped { return }
            let payload = tone.samples[offset..<offset + 160].map(VoicemailMediaPeer.ulaw(fromLinear:))
            send(payloadType: 0, marker: index == 0, payload: payload, toPort: pbxPort)
            timestamp &+= 160
            let due = start.addingTimeInterval(Double(index + 1) * 0.02)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        }
    }

    /// One RFC 4733 digit (PT 101): three updates, then three end packets.
    func sendDigit(_ digit: Character, toPort pbxPort: Int) {
        let codes: [Character: UInt8] = ["0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "*": 10, "#": 11]
        guard let code = codes[digit] else { return }
        let eventTimestamp = timestamp
        for index in 0..<6 {
            let end = index >= 3
            let duration = UInt16(min(index, 3) * 160 + 160)
            let payload: [UInt8] = [code, (end ? 0x80 : 0) | 10, UInt8(duration >> 8), UInt8(duration & 0xFF)]
            send(payloadType: 101, marker: index == 0, payload: payload, toPort: pbxPort, at: eventTimestamp)
            usleep(20_000)
        }
        timestamp &+= 960
    }

    /// One digit as inband audio: 100 ms of its two DTMF tones, then 100 ms of silence.
    func sendInbandDigit(_ digit: Character, toPort pbxPort: Int) {
        let rows: [Double] = [697, 770, 852, 941]
        let columns: [Double] = [1209, 1336, 1477]
        let keys: [Character] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"]
        guard let index = keys.firstIndex(of: digit) else { return }
        let low = ToneAnalysis.sine(frequency: rows[index / 3], seconds: 0.1, amplitude: 5000).samples
        let high = ToneAnalysis.sine(frequency: columns[index % 3], seconds: 0.1, amplitude: 5000).samples
        let tone = zip(low, high).map { VoicemailMediaPeer.ulaw(fromLinear: $0 &+ $1) }
        let silence = [UInt8](repeating: 0xFF, count: 800)
        let samples = tone + silence
        for (frame, offset) in stride(from: 0, to: samples.count, by: 160).enumerated() {
            send(payloadType: 0, marker: false, payload: Array(samples[offset..<offset + 160]), toPort: pbxPort)
            timestamp &+= 160
            _ = frame
            usleep(20_000)
        }
    }

    private func send(payloadType: UInt8, marker: Bool, payload: [UInt8], toPort pbxPort: Int, at stamp: UInt32? = nil) {
        let time = stamp ?? timestamp
        var packet: [UInt8] = [0x80, (marker ? 0x80 : 0) | payloadType, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
                               UInt8(time >> 24), UInt8(time >> 16 & 0xFF), UInt8(time >> 8 & 0xFF), UInt8(time & 0xFF),
                               UInt8(ssrc >> 24), UInt8(ssrc >> 16 & 0xFF), UInt8(ssrc >> 8 & 0xFF), UInt8(ssrc & 0xFF)]
        packet += payload
        sequence &+= 1
        _ = UDPPeer.sendDatagram(packet, from: descriptor, family: family, toPort: pbxPort)
    }

    func stop() {
        lock.lock()
        let first = !stopped
        stopped = true
        lock.unlock()
        if first {
            usleep(250_000)
            close(descriptor)
        }
    }

    deinit { stop() }

    private static func bindLoopback(_ descriptor: Int32, family: LoopbackFamily, port: Int) -> Int32 {
        if family == .ipv4 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = in_port_t(UInt16(port).bigEndian)
        address.sin6_addr = in6addr_loopback
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }

    /// G.711 µ-law, written out here so the test does not lean on the code under test.
    static func linear(fromULaw code: UInt8) -> Int16 {
        let value = ~code
        let exponent = Int((value >> 4) & 0x07)
        let mantissa = Int(value & 0x0F)
        let magnitude = ((mantissa << 3) + 0x84) << exponent
        return Int16(value & 0x80 != 0 ? 0x84 - magnitude : magnitude - 0x84)
    }

    static func ulaw(fromLinear sample: Int16) -> UInt8 {
        var value = Int(sample)
        let sign: Int = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, 32_635) + 0x84
        var exponent = 7
        var mask = 0x4000
        while exponent > 0, value & mask == 0 {
            exponent -= 1
            mask >>= 1
        }
        let mantissa = (value >> (exponent + 3)) & 0x0F
        return UInt8(~(sign | exponent << 4 | mantissa) & 0xFF)
    }
}
