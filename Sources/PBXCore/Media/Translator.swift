/// One conversion step between two formats with its per-call state
/// (Asterisk's translator private data): a G.722 encoder's predictor, a
/// resampler's filter history. Confined to the event loop of its call; it
/// does no locking and, once warmed up, no allocation: `output` keeps its
/// capacity from frame to frame.
///
/// Signed linear bytes are host-endian 16-bit samples.
public protocol Translator: AnyObject {
    /// Converts one frame (usually 20 ms) of `input`, appending the result to `output`.
    func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8])
}

/// Helpers shared by translators that read or write signed linear bytes.
enum SignedLinear {
    /// Calls `body` with `input` seen as 16-bit samples; copies into
    /// `scratch` only when the bytes are not 2-byte aligned.
    static func withSamples<Result>(_ input: UnsafeRawBufferPointer, scratch: inout [Int16],
                                    _ body: (UnsafeBufferPointer<Int16>) -> Result) -> Result {
        let count = input.count / 2
        guard count > 0, let base = input.baseAddress else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        if Int(bitPattern: base) % MemoryLayout<Int16>.alignment == 0 {
            return body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: Int16.self), count: count))
        }
        scratch.removeAll(keepingCapacity: true)
        for index in 0..<count { scratch.append(input.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)) }
        return scratch.withUnsafeBufferPointer(body)
    }

    /// Grows `output` by `count` samples and lets `body` fill them; `body`
    /// returns how many it wrote, and `output` is trimmed to that.
    static func appendSamples(_ count: Int, to output: inout [UInt8],
                              _ body: (UnsafeMutableBufferPointer<Int16>) -> Int) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: count * 2))
        let written = output.withUnsafeMutableBytes { raw -> Int in
            let region = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            return body(region.bindMemory(to: Int16.self))
        }
        output.removeLast((count - max(0, min(written, count))) * 2)
    }

    /// Grows `output` by `count` bytes and lets `body` fill them; trimmed to what `body` reports.
    static func appendBytes(_ count: Int, to output: inout [UInt8], _ body: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: count))
        let written = output.withUnsafeMutableBufferPointer { buffer -> Int in
            body(UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
        output.removeLast(count - max(0, min(written, count)))
    }
}
