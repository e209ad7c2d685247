import PBXCore

import struct Foundation.Date

/// Expands `${...}` in application data as Asterisk does, for one channel at
/// one dialplan position (or, without a channel, for `[globals]` values).
///
/// A name is looked up among the built-ins (`EXTEN`, `CONTEXT`, `PRIORITY`,
/// `CHANNEL`, `UNIQUEID`, `EPOCH`), then the channel's variables, then the
/// `[globals]`; `CALLERID(num)`, `CALLERID(name)`, `CALLERID(all)` and
/// `LEN(text)` are the functions known. `${VAR:offset:length}` takes a
/// substring (negative offset counts from the end, negative length leaves
/// that many characters off the end). Braces nest: `${A${B}}`. Unknown
/// names expand to nothing.
public struct VariableSubstitution: Sendable {
    public let channel: ChannelRecord?
    public let context: String
    public let exten: String
    public let priority: Int
    public let globals: [String: String]

    public init(channel: ChannelRecord?, context: String = "", exten: String = "", priority: Int = 0, globals: [String: String] = [:]) {
        self.channel = channel
        self.context = context
        self.exten = exten
        self.priority = priority
        self.globals = globals
    }

    /// `text` with every `${...}` replaced.
    public func substitute(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.range(of: "${") {
            result += rest[..<dollar.lowerBound]
            guard let close = Self.matchingBrace(in: rest[dollar.upperBound...]) else {
                // No closing brace: Asterisk keeps the text as written.
                result += rest[dollar.lowerBound...]
                return result
            }
            let inner = substitute(String(rest[dollar.upperBound..<close]))
            result += value(of: inner)
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The value of one expression between `${` and `}` (already expanded inside).
    public func value(of expression: String) -> String {
        let (name, offset, length) = Self.splitSubstring(expression)
        let whole = lookup(name) ?? ""
        guard let offset else { return whole }
        return Self.substring(whole, offset: offset, length: length)
    }

    private func lookup(_ name: String) -> String? {
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            let function = name[..<open].uppercased()
            let argument = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            return call(function, argument)
        }
        if name == "EPOCH" { return String(Int(Date().timeIntervalSince1970)) }
        guard let channel else { return globals[name] }
        switch name {
        case "EXTEN": return exten
        case "CONTEXT": return context
        case "PRIORITY": return String(priority)
        case "CHANNEL": return channel.name
        case "UNIQUEID": return channel.uniqueID
        default: return channel[variable: name] ?? globals[name]
        }
    }

    private func call(_ function: String, _ argument: String) -> String? {
        switch function {
        case "CALLERID":
            guard let channel else { return nil }
            switch argument.lowercased() {
            case "num", "number": return channel.callerID.number
            case "name": return channel.callerID.name
            case "all": return channel.callerID.description
            default: return nil
            }
        case "LEN":
            return String(argument.count)
        default:
            return nil
        }
    }

    /// The index of the `}` closing a `${` whose contents start `text`.
    private static func matchingBrace(in text: Substring) -> String.Index? {
        var depth = 1
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Splits `NAME:offset:length` at the first colon outside parentheses.
    private static func splitSubstring(_ expression: String) -> (String, Int?, Int?) {
        var depth = 0
        for index in expression.indices {
            switch expression[index] {
            case "(": depth += 1
            case ")": depth -= 1
            case ":" where depth == 0:
                let name = String(expression[..<index])
                let numbers = expression[expression.index(after: index)...].split(separator: ":", omittingEmptySubsequences: false)
                let offset = numbers.first.flatMap { Int($0.trimmingCharacters(in: " ")) } ?? 0
                let length = numbers.count > 1 ? Int(numbers[1].trimmingCharacters(in: " ")) : nil
                return (name, offset, length)
            default: break
            }
        }
        return (expression, nil, nil)
    }

    /// Asterisk's substring rules on characters.
    static func substring(_ text: String, offset: Int, length: Int?) -> String {
        let characters = Array(text)
        let count = characters.count
        var start = offset < 0 ? max(0, count + offset) : offset
        if start > count { start = count }
        var end = count
        if let length {
            end = length >= 0 ? min(count, start + length) : count + length
        }
        guard end > start else { return "" }
        return String(characters[start..<end])
    }
}
