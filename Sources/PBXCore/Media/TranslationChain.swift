/// A translation path made for one call: its translators run one after the
/// other through intermediate buffers kept from frame to frame.
public final class TranslationChain: Translator {
    private let translators: [any Translator]
    private var buffers: [[UInt8]]
    /// Called once the chain is freed (the matrix counts it out).
    var onRelease: (@Sendable () -> Void)?

    init(_ translators: [any Translator]) {
        self.translators = translators
        // Room for 20 ms of 48 kHz signed linear, so the first frames do not grow them.
        buffers = Array(repeating: { var buffer = [UInt8](); buffer.reserveCapacity(4096); return buffer }(),
                        count: max(0, translators.count - 1))
    }

    deinit { onRelease?() }

    public func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let last = translators.count - 1
        guard last > 0 else {
            translators.first?.convert(input, into: &output)
            return
        }
        buffers[0].removeAll(keepingCapacity: true)
        translators[0].convert(input, into: &buffers[0])
        for index in 1..<last {
            buffers[index].removeAll(keepingCapacity: true)
            // Swap out the source buffer so it is read while the next one is written.
            let source = buffers[index - 1]
            source.withUnsafeBytes { translators[index].convert($0, into: &buffers[index]) }
        }
        let source = buffers[last - 1]
        source.withUnsafeBytes { translators[last].convert($0, into: &output) }
    }
}
