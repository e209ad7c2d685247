/// RFC 3261's lexical classes, for validating tokens and splitting lists.
enum SIPToken {
    /// `token` characters: alphanumerics and `-.!%*_+`'~`.
    static func isTokenCharacter(_ c: Character) -> Bool {
        guard c.isASCII else { return false }
        if c.isLetter || c.isNumber { return true }
        return "-.!%*_+`'~".contains(c)
    }

    static func isToken<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.allSatisfy(isTokenCharacter)
    }

    /// Splits a header value at top-level commas: not inside quotes or `<>`.
    static func splitList(_ text: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        var inQuotes = false
        var inAngle = false
        while index < text.endIndex {
            let c = text[index]
            if inQuotes {
                if c == "\\" {
                    index = text.index(after: index)
                    if index == text.endIndex { break }
                } else if c == "\"" {
                    inQuotes = false
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "<" {
                inAngle = true
            } else if c == ">" {
                inAngle = false
            } else if c == ",", !inAngle {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start..<text.endIndex])
        return parts.map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmedWhitespace: Substring {
        var start = startIndex
        var end = endIndex
        while start < end, self[start] == " " || self[start] == "\t" { start = index(after: start) }
        while end > start, self[index(before: end)] == " " || self[index(before: end)] == "\t" { end = index(before: end) }
        return self[start..<end]
    }
}

/// `;name=value` parameters as they appear after URIs and header values.
public struct SIPParameters: Sendable, Hashable {
    public var items: [(name: String, value: String?)]

    public init(_ items: [(name: String, value: String?)] = []) { self.items = items }

    public subscript(name: String) -> String? {
        items.first { $0.name.caseInsensitiveEquals(name) }?.value ?? nil
    }

    public func contains(_ name: String) -> Bool {
        items.contains { $0.name.caseInsensitiveEquals(name) }
    }

    public mutating func set(_ name: String, _ value: String?) {
        if let index = items.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) {
            items[index].value = value
        } else {
            items.append((name, value))
        }
    }

    /// `;a=b;c` text.
    public var text: String {
        var out = ""
        for item in items {
            out += ";" + item.name
            if let value = item.value { out += "=" + value }
        }
        return out
    }

    /// Parses `a=b;c;d="q"` (the part after the first `;`).
    static func parse(_ text: Substring) throws(SIPParseError) -> SIPParameters {
        var result = SIPParameters()
        for raw in text.split(separator: ";", omittingEmptySubsequences: false) {
            let part = raw.trimmedWhitespace
            if part.isEmpty { throw SIPParseError("empty parameter") }
            if let eq = part.firstIndex(of: "=") {
                let name = part[..<eq].trimmedWhitespace
                let value = part[part.index(after: eq)...].trimmedWhitespace
                guard SIPToken.isToken(name) else { throw SIPParseError("bad parameter name '\(name)'") }
                result.items.append((String(name), String(value)))
            } else {
                guard SIPToken.isToken(part) else { throw SIPParseError("bad parameter '\(part)'") }
                result.items.append((String(part), nil))
            }
        }
        return result
    }

    public static func == (lhs: SIPParameters, rhs: SIPParameters) -> Bool {
        lhs.items.count == rhs.items.count && zip(lhs.items, rhs.items).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for item in items { hasher.combine(item.name); hasher.combine(item.value) }
    }
}

extension StringProtocol {
    func caseInsensitiveEquals<T: StringProtocol>(_ other: T) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A)
        }
    }
}
