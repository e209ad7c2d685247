import CSpanDSP

/// Inband DTMF detection with libspandsp's detector: fed 8 kHz linear
/// audio, tells which digits it heard. The only user of spandsp's DTMF
/// receiver; its state pointer never leaves this type. Confined to one
/// event loop (the channel's media loop); `@unchecked Sendable` so the
/// session owning it can be shared.
public final class DTMFDetector: @unchecked Sendable {
    private let state: OpaquePointer
    /// Reused decode buffer: no allocation per frame.
    private var samples = [Int16](repeating: 0, count: 160)
    private var digits = [CChar](repeating: 0, count: 8)

    public init?() {
        guard let state = dtmf_rx_init(nil, nil, nil) else { return nil }
        self.state = state
    }

    deinit {
        dtmf_rx_free(state)
    }

    /// Feeds one G.711 frame (`ulaw` or `alaw` bytes); returns the digits heard.
    public func process(g711 payload: UnsafeRawBufferPointer, format: AudioFormat) -> [Character] {
        guard format == .ulaw || format == .alaw else { return [] }
        let table = format == .ulaw ? G711.ulawDecodeTable : G711.alawDecodeTable
        var offset = 0
        var heard: [Character] = []
        while offset < payload.count {
            let count = min(samples.count, payload.count - offset)
            for index in 0..<count { samples[index] = table[Int(payload[offset + index])] }
            samples.withUnsafeBufferPointer { buffer in
                dtmf_rx(state, buffer.baseAddress, Int32(count))
            }
            heard += collected()
            offset += count
        }
        return heard
    }

    private func collected() -> [Character] {
        let count = digits.withUnsafeMutableBufferPointer { dtmf_rx_get(state, $0.baseAddress, Int32($0.count - 1)) }
        guard count > 0 else { return [] }
        return digits[0..<count].map { Character(UnicodeScalar(UInt8(bitPattern: $0))) }
    }
}
