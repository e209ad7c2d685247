/// RFC 3261's lexical classes, for validating tokens and splitting lists.
enum SIPToken {
    /// A non-empty run of `token` characters (RFC 3261 §25.1).
    static func isToken<S: StringProtocol>(_ text: S) -> Bool {
        // Token characters are single ASCII octets, so octets decide it.
        !text.isEmpty && text.utf8.allSatisfy(isTokenOctet)
    }

    /// `token` octets: ASCII alphanumerics and `-.!%*_+`'~`, as bits in
    /// two masks (octets 0–63 and 64–127).
    @inline(__always)
    static func isTokenOctet(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x03FF_6CA2_0000_0000 as UInt64) >> byte & 1 == 1 }
        if byte < 128 { return (0x47FF_FFFF_87FF_FFFE as UInt64) >> (byte - 64) & 1 == 1 }
        return false
    }

    /// `isToken` for octets.
    static func isToken(_ bytes: SIPBytes) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenOctet)
    }

    /// `splitList` over octets, handing each part (trimmed, empty ones
    /// skipped) to `body` instead of collecting them.
    static func forEachListItem(_ bytes: SIPBytes, _ body: (SIPBytes) throws(SIPParseError) -> Void) throws(SIPParseError) {
        let base = bytes.base
        // Nearly every list holds one item: no comma, nothing to track.
        guard bytes.contains(byte: 0x2C) else {
            let only = bytes.trimmedWhitespace
            if !only.isEmpty { try body(only) }
            return
        }
        var start = bytes.startIndex
        var index = bytes.startIndex
        var inQuotes = false
        var inAngle = false
        while index < bytes.endIndex {
            let byte = base[index]
            if inQuotes {
                if byte == 0x5C {
                    index += 1
                    if index == bytes.endIndex { break }
                } else if byte == 0x22 {
                    inQuotes = false
                }
            } else if byte == 0x22 {
                inQuotes = true
            } else if byte == 0x3C {
                inAngle = true
            } else if byte == 0x3E {
                inAngle = false
            } else if byte == 0x2C, !inAngle {
                let part = bytes[start..<index].trimmedWhitespace
                if !part.isEmpty { try body(part) }
                start = index + 1
            }
            index += 1
        }
        let last = bytes[start..<bytes.endIndex].trimmedWhitespace
        if !last.isEmpty { try body(last) }
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
        try text.withSIPBytes { bytes throws(SIPParseError) in try parse(bytes) }
    }

    static func parse(_ bytes: SIPBytes) throws(SIPParseError) -> SIPParameters {
        var result = SIPParameters()
        var separators = 0
        for byte in bytes where byte == 0x3B { separators += 1 }
        result.items.reserveCapacity(separators + 1)
        var start = bytes.startIndex
        // Every ';' ends a part, and the end of the text ends the last one.
        while true {
            let end = bytes.firstIndex(of: 0x3B, from: start) ?? bytes.endIndex
            let part = bytes[start..<end].trimmedWhitespace
            if part.isEmpty { throw SIPParseError("empty parameter") }
            if let eq = part.firstIndex(of: 0x3D, from: part.startIndex) {
                let name = part[..<eq].trimmedWhitespace
                let value = part[(eq + 1)...].trimmedWhitespace
                guard SIPToken.isToken(name) else { throw SIPParseError("bad parameter name '\(name.text)'") }
                result.items.append((name.text, value.text))
            } else {
                guard SIPToken.isToken(part) else { throw SIPParseError("bad parameter '\(part.text)'") }
                result.items.append((part.text, nil))
            }
            guard end < bytes.endIndex else { return result }
            start = end + 1
        }
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
