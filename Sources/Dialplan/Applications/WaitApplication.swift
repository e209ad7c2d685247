/// `Wait(seconds)`: pauses the dialplan; fractions are allowed (`Wait(0.5)`).
public struct WaitApplication: DialplanApplication {
    public let name = "Wait"
    public let synopsis = "Waits for some time"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let text = arguments.first.map { $0.trimmingCharacters(in: " \t") } ?? ""
        guard !text.isEmpty else { return .proceed }
        guard let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            call.logger.warning("Wait: invalid duration '\(text)'")
            return .proceed
        }
        let milliseconds = Int((seconds * 1000).rounded())
        if milliseconds > 0 {
            try await call.channel.wait(.milliseconds(milliseconds))
        }
        return .proceed
    }
}
