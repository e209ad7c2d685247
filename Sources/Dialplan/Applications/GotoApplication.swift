/// `Goto([[context,]exten,]priority)`: continues at another place; the
/// priority is a number, a label, or `+N`/`-N` from the current one.
public struct GotoApplication: DialplanApplication {
    public let name = "Goto"
    public let synopsis = "Jump to a particular priority, extension, or context"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        guard let target = GotoTarget(arguments: arguments) else {
            call.logger.warning("Goto requires an argument ([[context,]extension,]priority), got '\(call.data)'")
            return .hangUp(.normalClearing)
        }
        return .goto(target)
    }
}
