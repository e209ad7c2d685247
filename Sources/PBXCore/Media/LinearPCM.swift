/// 16-bit signed linear audio as files and the wire store it: little-endian
/// byte pairs (WAV data, `.sln`, `.sln16`).
public enum LinearPCM {
    /// Byte pairs to samples; a trailing odd byte is dropped.
    public static func samples(littleEndian bytes: [UInt8]) -> [Int16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }
}
