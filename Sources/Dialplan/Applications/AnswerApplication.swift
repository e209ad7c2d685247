import PBXCore

/// `Answer([delay])`: answers the call if it is not up yet, then waits
/// `delay` milliseconds before the dialplan goes on.
public struct AnswerApplication: DialplanApplication {
    public let name = "Answer"
    public let synopsis = "Answer a channel if ringing"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        guard call.channel.record.state.state != .up else { return .proceed }
        try await call.channel.answer()
        let delay = arguments.first.map { $0.trimmingCharacters(in: " \t") } ?? ""
        if let milliseconds = Int(delay), milliseconds > 0 {
            try await call.channel.wait(.milliseconds(milliseconds))
        }
        return .proceed
    }
}
