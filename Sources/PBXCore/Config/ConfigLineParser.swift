/// Reads one logical line (comments already removed, trimmed, non-empty) of a
/// configuration file into a `ConfigLine`. Pure: no state, no I/O.
enum ConfigLineParser {
    /// The characters Asterisk trims around keys, values and lines.
    private static let blanks: Set<Character> = [" ", "\t", "\r", "\u{0B}", "\u{0C}"]

    static func parse(_ line: String) -> Result<ConfigLine, ConfigLineProblem> {
        switch line.first {
        case "[": parseHeader(line)
        case "#": .success(parseDirective(line))
        default: parseEntry(line)
        }
    }

    /// The text without blanks at either end.
    static func trimmed<Text: StringProtocol>(_ text: Text) -> String {
        guard let first = text.firstIndex(where: { !blanks.contains($0) }),
              let last = text.lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(text[first...last])
    }

    private static func parseHeader(_ line: String) -> Result<ConfigLine, ConfigLineProblem> {
        guard let close = line.firstIndex(of: "]") else { return .failure(.unclosedHeader) }
        let name = trimmed(line[line.index(after: line.startIndex)..<close])
        guard !name.isEmpty else { return .failure(.emptySectionName) }
        var header = ConfigSectionHeader(name: name)

        var rest = Substring(trimmed(line[line.index(after: close)...]))
        if rest.first == "(" {
            guard let end = rest.firstIndex(of: ")") else { return .failure(.unclosedOptions) }
            for option in rest[rest.index(after: rest.startIndex)..<end].split(separator: ",") {
                switch trimmed(option) {
                case "": continue
                case "!": header.isTemplate = true
                case "+": header.addsToEarlier = true
                case let template: header.templateNames.append(template)
                }
            }
            rest = Substring(trimmed(rest[rest.index(after: end)...]))
        }
        header.trailingText = String(rest)
        return .success(.header(header))
    }

    private static func parseDirective(_ line: String) -> ConfigLine {
        let body = line.dropFirst()
        let nameEnd = body.firstIndex(where: { blanks.contains($0) }) ?? body.endIndex
        var argument = Substring(trimmed(body[nameEnd...]))
        if argument.count >= 2,
           (argument.first == "\"" && argument.last == "\"") || (argument.first == "<" && argument.last == ">") {
            argument = argument.dropFirst().dropLast()
        }
        return .directive(name: String(body[..<nameEnd]), argument: String(argument))
    }

    private static func parseEntry(_ line: String) -> Result<ConfigLine, ConfigLineProblem> {
        // The first `=` splits, so values may hold `=` (`Set(A=1)`).
        guard let equals = line.firstIndex(of: "=") else { return .failure(.badLine) }
        var keyPart = line[..<equals]
        let appends = keyPart.last == "+"
        if appends {
            keyPart = keyPart.dropLast()
        }
        let key = trimmed(keyPart)
        guard !key.isEmpty else { return .failure(.emptyKey) }

        var valuePart = line[line.index(after: equals)...]
        let isArrow = valuePart.first == ">"
        if isArrow {
            valuePart = valuePart.dropFirst()
        }
        return .success(.entry(key: key, value: trimmed(valuePart), isArrow: isArrow, appends: appends))
    }
}
