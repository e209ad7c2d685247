/// Splits application data into arguments the way Asterisk's
/// `AST_STANDARD_APP_ARGS` does: at commas, except inside parentheses,
/// brackets or double quotes; quotes are removed and a backslash keeps the
/// next character as it is.
public enum ApplicationArguments {
    /// `""` gives no arguments; `"a,,b"` gives `["a", "", "b"]`.
    public static func split(_ data: String) -> [String] {
        guard !data.isEmpty else { return [] }
        var arguments: [String] = []
        var current = ""
        var parentheses = 0
        var brackets = 0
        var quoted = false
        var escaped = false
        for character in data {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\":
                escaped = true
            case "\"":
                quoted.toggle()
            case "(" where !quoted:
                parentheses += 1
                current.append(character)
            case ")" where !quoted:
                parentheses = max(0, parentheses - 1)
                current.append(character)
            case "[" where !quoted:
                brackets += 1
                current.append(character)
            case "]" where !quoted:
                brackets = max(0, brackets - 1)
                current.append(character)
            case "," where !quoted && parentheses == 0 && brackets == 0:
                arguments.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        arguments.append(current)
        return arguments
    }
}
