import PBXCore

/// `Hangup([cause])`: ends the dialplan; the cause is a Q.850 number or
/// Asterisk's name for it (`BUSY`, `CONGESTION`).
public struct HangupApplication: DialplanApplication {
    public let name = "Hangup"
    public let synopsis = "Hang up the calling channel"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let text = arguments.first.map { $0.trimmingCharacters(in: " \t") } ?? ""
        guard !text.isEmpty else {
            // As Asterisk: a cause set earlier (by Dial) stands.
            let earlier = call.channel.record[variable: "HANGUPCAUSE"].flatMap { HangupCause(argument: $0) }
            return .hangUp(earlier ?? .normalClearing)
        }
        guard let cause = HangupCause(argument: text) else {
            call.logger.warning("Invalid cause given to Hangup(): \"\(text)\"")
            return .hangUp(.normalClearing)
        }
        return .hangUp(cause)
    }
}
