/// The value of an `exten =>` or `same =>` line, parsed:
/// `1000,n(greet),Playback(hello-world)`.
///
/// A pure value: `parse` either gives the parts or says what is wrong.
public struct ExtensionLine: Sendable, Equatable {
    /// How the priority was written.
    public enum PriorityField: Sendable, Equatable {
        case number(Int)
        /// `n` / `next`: one more than the previous priority of the extension.
        case next
        /// `hint`: a device-state hint, which this dialplan keeps no use for.
        case hint
    }

    /// What is wrong with a line; `value` is the text at fault.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String
        public let value: String
    }

    /// The extension name (empty for `same` lines), fluff removed.
    public let exten: String
    public let priority: PriorityField
    public let label: String?
    public let application: String
    public let data: String

    /// Parses `EXTEN,PRIORITY,APP` (`hasExtension`) or `PRIORITY,APP` (a `same` line).
    public static func parse(_ value: String, hasExtension: Bool = true) -> Result<ExtensionLine, Failure> {
        var rest = Substring(value)
        var exten = ""
        if hasExtension {
            guard let comma = rest.firstIndex(of: ",") else {
                return .failure(Failure(message: "expected EXTEN,PRIORITY,Application(...)", value: value))
            }
            exten = removingFluff(rest[..<comma])
            rest = rest[rest.index(after: comma)...]
            guard !exten.isEmpty else { return .failure(Failure(message: "empty extension", value: value)) }
            if exten.contains("/") {
                return .failure(Failure(message: "caller ID matching is not supported", value: exten))
            }
        }
        guard let comma = rest.firstIndex(of: ",") else {
            return .failure(Failure(message: "expected PRIORITY,Application(...)", value: value))
        }
        let priorityText = rest[..<comma].trimmingCharacters(in: " \t")
        let applicationText = rest[rest.index(after: comma)...].trimmingCharacters(in: " \t")

        let (priority, label): (PriorityField, String?)
        switch parsePriority(priorityText) {
        case .success(let parsed): (priority, label) = parsed
        case .failure(let failure): return .failure(failure)
        }
        if priority == .hint {
            return .success(ExtensionLine(exten: exten, priority: .hint, label: nil, application: applicationText, data: ""))
        }
        switch parseApplication(applicationText) {
        case .success(let (name, data)):
            return .success(ExtensionLine(exten: exten, priority: priority, label: label, application: name, data: data))
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// `1`, `2(label)`, `n`, `n(label)`, `next`, `hint`.
    static func parsePriority(_ text: String) -> Result<(PriorityField, String?), Failure> {
        var base = Substring(text)
        var label: String?
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { return .failure(Failure(message: "invalid priority", value: text)) }
            let name = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingCharacters(in: " \t")
            guard !name.isEmpty, !name.contains(where: { "(),".contains($0) }) else {
                return .failure(Failure(message: "invalid priority label", value: text))
            }
            label = name
            base = text[..<open]
        }
        let word = base.trimmingCharacters(in: " \t").lowercased()
        switch word {
        case "n", "next": return .success((.next, label))
        case "hint" where label == nil: return .success((.hint, nil))
        default:
            guard let number = Int(word), number > 0, word.allSatisfy(\.isASCIIDigit) else {
                return .failure(Failure(message: "invalid priority", value: text))
            }
            return .success((.number(number), label))
        }
    }

    /// `App(data)`, `App()`, `App`, or the old `App,data`.
    static func parseApplication(_ text: String) -> Result<(String, String), Failure> {
        let name: String
        let data: String
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else {
                return .failure(Failure(message: "missing ')' after application data", value: text))
            }
            name = text[..<open].trimmingCharacters(in: " \t")
            data = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        } else if let comma = text.firstIndex(of: ",") {
            name = text[..<comma].trimmingCharacters(in: " \t")
            data = String(text[text.index(after: comma)...])
        } else {
            name = text
            data = ""
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "_" }) else {
            return .failure(Failure(message: "cannot parse application", value: text))
        }
        return .success((name, data))
    }

    /// Asterisk drops spaces and dashes from extension names, except inside `[...]`.
    static func removingFluff(_ text: Substring) -> String {
        var result = ""
        var inBrackets = false
        for character in text {
            if character == "[" { inBrackets = true }
            if character == "]" { inBrackets = false }
            if !inBrackets && (character == " " || character == "\t" || character == "-") { continue }
            result.append(character)
        }
        return result
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
