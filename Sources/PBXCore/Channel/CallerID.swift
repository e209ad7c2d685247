/// Caller name and number, as `callerid="Name" <number>` gives them.
public struct CallerID: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var number: String

    public init(name: String = "", number: String = "") {
        self.name = name
        self.number = number
    }

    /// Parses sip.conf's `callerid` forms: `"Name" <100>`, `Name <100>`, `100`.
    public init(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: " \t")
        if let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            number = String(trimmed[trimmed.index(after: open)..<close])
            name = trimmed[..<open].trimmingCharacters(in: " \t\"")
        } else {
            name = ""
            number = trimmed
        }
    }

    public var description: String {
        name.isEmpty ? "<\(number)>" : "\"\(name)\" <\(number)>"
    }
}
