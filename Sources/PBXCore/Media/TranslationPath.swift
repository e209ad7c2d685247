/// The cheapest way from one format to another: the translator steps in
/// order, their summed quality cost (what the choice is made on) and their
/// measured CPU time (what breaks ties, and what `core show translation` shows).
public struct TranslationPath: Sendable {
    public let steps: [TranslatorDescriptor]
    /// Sum of the steps' `qualityCost`.
    public let qualityCost: Int
    /// Measured microseconds to convert one second of audio along the path.
    public let cpuMicroseconds: Int

    public var source: AudioFormat? { steps.first?.source }
    public var destination: AudioFormat? { steps.last?.destination }
    /// `ulaw -> slin -> slin16 -> g722`.
    public var description: String {
        guard let first = steps.first else { return "" }
        return ([first.source] + steps.map(\.destination)).map(\.name).joined(separator: " -> ")
    }

    /// Per-call state for the whole path; nil if any library refused.
    public func makeChain(_ parameters: TranslationParameters = TranslationParameters()) -> TranslationChain? {
        var translators: [any Translator] = []
        for step in steps {
            // Only the last step encodes into the destination format the parameters describe.
            let stepParameters = step.destination == destination ? parameters : TranslationParameters()
            guard let translator = step.make(stepParameters) else { return nil }
            translators.append(translator)
        }
        return TranslationChain(translators)
    }
}
