/// `Set(NAME=value)`: sets a channel variable (an empty value removes it).
public struct SetApplication: DialplanApplication {
    public let name = "Set"
    public let synopsis = "Set channel variable or function value"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        // The value may itself hold commas: only the first '=' of the whole data splits.
        guard let equals = call.data.firstIndex(of: "=") else {
            call.logger.warning("Set requires an argument (NAME=value), got '\(call.data)'")
            return .proceed
        }
        let name = call.data[..<equals].trimmingCharacters(in: " \t")
        guard !name.isEmpty else {
            call.logger.warning("Set: empty variable name in '\(call.data)'")
            return .proceed
        }
        let value = String(call.data[call.data.index(after: equals)...])
        call.channel.record[variable: name] = value.isEmpty ? nil : value
        return .proceed
    }
}
