/// ITU-T G.711 companding: µ-law (PCMU) and A-law (PCMA) to and from 16-bit
/// linear PCM, plus the ulaw↔alaw conversion both laws allow.
///
/// Decoding and law-to-law conversion are 256-entry tables computed once;
/// encoding uses the segment search of the recommendation. Everything here is
/// pure: no state besides the immutable tables.
public enum G711 {
    // MARK: Single samples

    /// The linear value of one µ-law code (G.711 table 2, scaled to 16 bits).
    @inlinable
    public static func linear(fromULaw code: UInt8) -> Int16 {
        ulawDecodeTable[Int(code)]
    }

    /// The linear value of one A-law code (G.711 table 1, scaled to 16 bits).
    @inlinable
    public static func linear(fromALaw code: UInt8) -> Int16 {
        alawDecodeTable[Int(code)]
    }

    /// The µ-law code for a 16-bit sample.
    public static func ulaw(fromLinear sample: Int16) -> UInt8 {
        // Work on the magnitude with the bias that makes segment ends powers of two.
        let sign: UInt8 = sample < 0 ? 0x80 : 0x00
        var magnitude = sample < 0 ? -Int(sample) : Int(sample)
        magnitude = min(magnitude, ulawClip) + ulawBias
        // The segment is the position of the highest set bit above bit 7.
        let highestBit = Int.bitWidth - 1 - magnitude.leadingZeroBitCount
        let exponent = max(0, min(7, highestBit - 7))
        let mantissa = (magnitude >> (exponent + 3)) & 0x0F
        return ~(sign | UInt8(exponent << 4) | UInt8(mantissa))
    }

    /// The A-law code for a 16-bit sample.
    public static func alaw(fromLinear sample: Int16) -> UInt8 {
        // A-law works on 13 bits; negative values are folded one's-complement
        // style so that -1 and 0 share the smallest step, as the law defines.
        var value = Int(sample) >> 3
        let mask: UInt8
        if value >= 0 {
            mask = 0xD5
        } else {
            mask = 0x55
            value = -value - 1
        }
        let code: Int
        if value < 32 {
            code = value >> 1
        } else {
            let highestBit = Int.bitWidth - 1 - value.leadingZeroBitCount
            let segment = min(7, highestBit - 4)
            let mantissa = (value >> segment) & 0x0F
            code = segment << 4 | mantissa
        }
        return UInt8(code) ^ mask
    }

    // MARK: Buffers

    /// Decodes µ-law bytes to linear samples.
    public static func decodeULaw(_ bytes: [UInt8]) -> [Int16] {
        bytes.map { ulawDecodeTable[Int($0)] }
    }

    /// Decodes A-law bytes to linear samples.
    public static func decodeALaw(_ bytes: [UInt8]) -> [Int16] {
        bytes.map { alawDecodeTable[Int($0)] }
    }

    /// Encodes linear samples as µ-law.
    public static func encodeULaw(_ samples: [Int16]) -> [UInt8] {
        samples.map(ulaw(fromLinear:))
    }

    /// Encodes linear samples as A-law.
    public static func encodeALaw(_ samples: [Int16]) -> [UInt8] {
        samples.map(alaw(fromLinear:))
    }

    /// Converts µ-law bytes to A-law (through linear, by table).
    public static func ulawToALaw(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { ulawToALawTable[Int($0)] }
    }

    /// Converts A-law bytes to µ-law (through linear, by table).
    public static func alawToULaw(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { alawToULawTable[Int($0)] }
    }

    // MARK: Tables

    /// µ-law code → linear sample.
    public static let ulawDecodeTable: [Int16] = (0...255).map { index in
        let code = ~UInt8(index)
        let exponent = Int(code >> 4) & 0x07
        let mantissa = Int(code) & 0x0F
        let magnitude = ((mantissa << 3) + ulawBias) << exponent
        return Int16(code & 0x80 != 0 ? ulawBias - magnitude : magnitude - ulawBias)
    }

    /// A-law code → linear sample.
    public static let alawDecodeTable: [Int16] = (0...255).map { index in
        let code = UInt8(index) ^ 0x55
        let segment = Int(code >> 4) & 0x07
        let mantissa = Int(code) & 0x0F
        let magnitude = segment == 0
            ? (mantissa << 4) + 8
            : ((mantissa << 4) + 0x108) << (segment - 1)
        // In A-law the sign bit set means positive.
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }

    /// 16-bit sample (as its bit pattern) → µ-law code: encoding by one lookup.
    public static let ulawEncodeTable: [UInt8] = (0...65535).map { ulaw(fromLinear: Int16(truncatingIfNeeded: $0)) }

    /// 16-bit sample (as its bit pattern) → A-law code.
    public static let alawEncodeTable: [UInt8] = (0...65535).map { alaw(fromLinear: Int16(truncatingIfNeeded: $0)) }

    /// µ-law code → the A-law code of the same linear value.
    public static let ulawToALawTable: [UInt8] = ulawDecodeTable.map(alaw(fromLinear:))

    /// A-law code → the µ-law code of the same linear value.
    public static let alawToULawTable: [UInt8] = alawDecodeTable.map(ulaw(fromLinear:))

    /// Added to the µ-law magnitude so each segment starts at a power of two.
    @usableFromInline static let ulawBias = 0x84
    /// The largest magnitude µ-law encodes before clipping (bias included it fits 15 bits).
    @usableFromInline static let ulawClip = 32635
}
