/// `NoOp([text])`: does nothing; its data shows in the verbose log.
public struct NoOpApplication: DialplanApplication {
    public let name = "NoOp"
    public let synopsis = "Do Nothing (No Operation)"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        .proceed
    }
}
