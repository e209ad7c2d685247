/// A translator as a codec module registers it: the two formats, a name for
/// the console, and how to make the per-call state. Sendable and stateless;
/// the per-call `Translator` it makes is not shared.
public struct TranslatorDescriptor: Sendable {
    /// `ulawtolin`, `g722tolin16`: Asterisk's naming.
    public let name: String
    public let source: AudioFormat
    public let destination: AudioFormat
    /// Makes fresh per-call state; nil when the library refused (reported, not trapped).
    public let make: @Sendable (_ parameters: TranslationParameters) -> (any Translator)?

    public init(name: String, source: AudioFormat, destination: AudioFormat,
                makeWith make: @escaping @Sendable (_ parameters: TranslationParameters) -> (any Translator)?) {
        self.name = name
        self.source = source
        self.destination = destination
        self.make = make
    }

    /// A translator that needs nothing from the call.
    public init(name: String, source: AudioFormat, destination: AudioFormat, make: @escaping @Sendable () -> (any Translator)?) {
        self.init(name: name, source: source, destination: destination) { _ in make() }
    }

    /// The quality cost of this step: decoding is cheap in quality, encoding
    /// into a lossy codec dearer, and losing bandwidth (down-sampling) dearest.
    /// Deterministic, so paths do not change with machine load; measured CPU
    /// only breaks ties.
    public var qualityCost: Int {
        let sourceLossy = !source.isSignedLinear
        let destinationLossy = !destination.isSignedLinear
        switch (sourceLossy, destinationLossy) {
        case (true, false): return 100
        case (false, true): return 200
        case (true, true): return 250
        case (false, false):
            if destination.sampleRate < source.sampleRate { return 210 }
            return destination.sampleRate > source.sampleRate ? 60 : 10
        }
    }
}

/// What a call tells the translators it makes: the far end's fmtp for the
/// format being encoded to (Opus reads `useinbandfec`, `maxplaybackrate`).
public struct TranslationParameters: Sendable, Equatable {
    public var destinationFormatParameters: String

    public init(destinationFormatParameters: String = "") {
        self.destinationFormatParameters = destinationFormatParameters
    }
}
