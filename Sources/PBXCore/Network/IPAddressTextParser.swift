/// Strict parsers for textual IP addresses, written over UTF-8 bytes so that
/// no platform parser's leniency (octal octets, "1.2.3" short forms, trailing
/// junk) decides what an address in a config file or a SIP header means.
enum IPAddressTextParser {
    /// Why a text is not an IP address; `reason` reads well in a log line.
    enum Failure: Error, Equatable {
        case notIPv4
        case notIPv6
        case invalidZone
        case zoneOnIPv4

        var reason: String {
            switch self {
            case .notIPv4: "not a valid IPv4 address"
            case .notIPv6: "not a valid IPv6 address"
            case .invalidZone: "invalid IPv6 zone id (expected an interface name or index after '%')"
            case .zoneOnIPv4: "a zone id is only allowed on an IPv6 address"
            }
        }
    }

    private static let dot = UInt8(ascii: ".")
    private static let colon = UInt8(ascii: ":")
    private static let percent = UInt8(ascii: "%")

    /// An interface name is at most IFNAMSIZ-1 bytes; a numeric index fits as well.
    static let maximumZoneLength = 15

    /// Parses either family. Text with a ':' is IPv6 (an IPv4-mapped one comes
    /// back as `.v4`); text with a '%' must be IPv6 and carries a zone id.
    static func parseAddress(_ text: ArraySlice<UInt8>) throws(Failure) -> IPAddress {
        if let percentIndex = text.firstIndex(of: percent) {
            let zone = text[text.index(after: percentIndex)...]
            return try parseIPv6(text[..<percentIndex], zone: zone)
        }
        if text.contains(colon) {
            guard let (high, low) = parseIPv6Value(text) else { throw .notIPv6 }
            return IPAddress.normalized(high: high, low: low, scope: nil)
        }
        guard let value = parseIPv4(text) else { throw .notIPv4 }
        return .v4(value)
    }

    /// Parses an IPv6 address whose zone id (the text after '%') has already
    /// been split off and unescaped; `zone` nil means there was no '%'.
    static func parseIPv6(_ text: ArraySlice<UInt8>, zone: ArraySlice<UInt8>?) throws(Failure) -> IPAddress {
        guard let (high, low) = parseIPv6Value(text) else {
            throw zone != nil && parseIPv4(text) != nil ? .zoneOnIPv4 : .notIPv6
        }
        guard let zone else { return IPAddress.normalized(high: high, low: low, scope: nil) }
        guard isValidZone(zone) else { throw .invalidZone }
        if IPAddress.isIPv4Mapped(high: high, low: low) { throw .zoneOnIPv4 }
        return .v6(high: high, low: low, scope: String(decoding: zone, as: UTF8.self))
    }

    /// A zone id is an interface name or index: 1–15 of RFC 3986's unreserved
    /// characters, so it can sit in a URI without further escaping.
    static func isValidZone(_ zone: ArraySlice<UInt8>) -> Bool {
        guard (1...maximumZoneLength).contains(zone.count) else { return false }
        return zone.allSatisfy { byte in
            isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == dot
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
        }
    }

    /// "a.b.c.d": exactly four decimal octets 0–255 without leading zeros
    /// (which some parsers read as octal), signs or spaces.
    static func parseIPv4(_ text: ArraySlice<UInt8>) -> UInt32? {
        guard text.count <= 15 else { return nil }
        let parts = text.split(separator: dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = parseOctet(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    private static func parseOctet(_ text: ArraySlice<UInt8>) -> UInt8? {
        guard (1...3).contains(text.count), text.allSatisfy(isASCIIDigit) else { return nil }
        if text.count > 1, text.first == UInt8(ascii: "0") { return nil }
        var value = 0
        for byte in text { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        return value <= 255 ? UInt8(value) : nil
    }

    /// RFC 4291 section 2.2 text: eight groups of 1–4 hex digits, one "::"
    /// standing for one or more zero groups, and optionally a dotted IPv4
    /// address as the last 32 bits.
    static func parseIPv6Value(_ text: ArraySlice<UInt8>) -> (high: UInt64, low: UInt64)? {
        // The longest form is eight groups with an IPv4 tail: 6*5 + 15 = 45.
        guard text.count >= 2, text.count <= 45 else { return nil }
        var groups: [UInt16]
        if let gap = firstDoubleColon(in: text) {
            guard let head = parseGroups(text[..<gap], allowIPv4Tail: false),
                  let tail = parseGroups(text[(gap + 2)...], allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head
            groups.append(contentsOf: repeatElement(0, count: 8 - head.count - tail.count))
            groups.append(contentsOf: tail)
        } else {
            guard let all = parseGroups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for group in groups[0..<4] { high = high << 16 | UInt64(group) }
        for group in groups[4..<8] { low = low << 16 | UInt64(group) }
        return (high, low)
    }

    private static func firstDoubleColon(in text: ArraySlice<UInt8>) -> Int? {
        var index = text.startIndex
        while index + 1 < text.endIndex {
            if text[index] == colon, text[index + 1] == colon { return index }
            index += 1
        }
        return nil
    }

    /// Colon-separated groups with no empty one; so a second "::", or a lone
    /// leading or trailing ':', fails here. Empty text is zero groups.
    private static func parseGroups(_ text: ArraySlice<UInt8>, allowIPv4Tail: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: colon, omittingEmptySubsequences: false)
        guard parts.count <= 8 else { return nil }
        var groups: [UInt16] = []
        groups.reserveCapacity(8)
        for (position, part) in parts.enumerated() {
            if allowIPv4Tail, position == parts.count - 1, part.contains(dot) {
                guard let value = parseIPv4(part) else { return nil }
                groups.append(UInt16(truncatingIfNeeded: value >> 16))
                groups.append(UInt16(truncatingIfNeeded: value))
            } else {
                guard let group = parseHexGroup(part) else { return nil }
                groups.append(group)
            }
        }
        return groups
    }

    private static func parseHexGroup(_ text: ArraySlice<UInt8>) -> UInt16? {
        guard (1...4).contains(text.count) else { return nil }
        var value: UInt16 = 0
        for byte in text {
            guard let digit = hexDigitValue(byte) else { return nil }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    private static func hexDigitValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte)
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
