/// Decoding a received frame for applications that look at the audio
/// (recording, silence detection). Not for the relay path.
extension AudioFrame {
    /// The frame as 16-bit linear samples; empty for formats not decoded here.
    public var linearSamples: [Int16] {
        let bytes = payload.getBytes(at: payload.readerIndex, length: payload.readableBytes) ?? []
        switch format {
        case .ulaw: return G711.decodeULaw(bytes)
        case .alaw: return G711.decodeALaw(bytes)
        case .slin, .slin16: return LinearPCM.samples(littleEndian: bytes)
        default: return []
        }
    }
}
