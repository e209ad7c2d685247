/// G.711 steps to and from signed linear at 8 kHz, and between the two laws,
/// each one table lookup per sample (`G711`'s tables).
public final class G711Translator: Translator {
    public enum Operation: Sendable {
        case ulawToLinear, linearToULaw, alawToLinear, linearToALaw, ulawToALaw, alawToULaw
    }

    public let operation: Operation
    private var scratch: [Int16] = []

    public init(_ operation: Operation) { self.operation = operation }

    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        switch operation {
        case .ulawToLinear: Self.expand(input, G711.ulawDecodeTable, into: &output)
        case .alawToLinear: Self.expand(input, G711.alawDecodeTable, into: &output)
        case .linearToULaw: compress(input, G711.ulawEncodeTable, into: &output)
        case .linearToALaw: compress(input, G711.alawEncodeTable, into: &output)
        case .ulawToALaw: Self.map(input, G711.ulawToALawTable, into: &output)
        case .alawToULaw: Self.map(input, G711.alawToULawTable, into: &output)
        }
    }

    private static func expand(_ input: UnsafeRawBufferPointer, _ table: [Int16], into output: inout [UInt8]) {
        let codes = input.bindMemory(to: UInt8.self)
        table.withUnsafeBufferPointer { table in
            SignedLinear.appendSamples(codes.count, to: &output) { samples in
                for index in 0..<codes.count { samples[index] = table[Int(codes[index])] }
                return codes.count
            }
        }
    }

    private func compress(_ input: UnsafeRawBufferPointer, _ table: [UInt8], into output: inout [UInt8]) {
        SignedLinear.withSamples(input, scratch: &scratch) { samples in
            table.withUnsafeBufferPointer { table in
                SignedLinear.appendBytes(samples.count, to: &output) { codes in
                    for index in 0..<samples.count { codes[index] = table[Int(UInt16(bitPattern: samples[index]))] }
                    return samples.count
                }
            }
        }
    }

    private static func map(_ input: UnsafeRawBufferPointer, _ table: [UInt8], into output: inout [UInt8]) {
        let codes = input.bindMemory(to: UInt8.self)
        table.withUnsafeBufferPointer { table in
            SignedLinear.appendBytes(codes.count, to: &output) { out in
                for index in 0..<codes.count { out[index] = table[Int(codes[index])] }
                return codes.count
            }
        }
    }
}
