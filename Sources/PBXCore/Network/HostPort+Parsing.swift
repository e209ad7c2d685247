extension HostPort {
    /// Parses a host with an optional port, as written in `bindaddr=`,
    /// `host=` or a Via sent-by.
    ///
    /// Accepted: `10.1.1.1`, `10.1.1.1:5060`, `[2001:db8::1]`,
    /// `[2001:db8::1]:5060`, `[fe80::1%eth0]:5060` (also with the RFC 6874
    /// escape `%25eth0` inside the brackets), a bare `2001:db8::1` (always the
    /// whole address, never address plus port, as Asterisk reads `host=`), and
    /// DNS names (`pbx.example.com:5080`, lowercased).
    ///
    /// Refused, with the reason: empty text, unbalanced or misplaced brackets,
    /// brackets around IPv4, all-numeric dotted text that is not an IPv4
    /// address (`300.1.1.1`, `1.2.3`), an empty host or port around ':', ports
    /// outside 1–65535 or not all digits, and names with characters other than
    /// letters, digits and '-', empty labels, labels over 63 or names over 253
    /// characters.
    public init(parsing text: String) throws(AddressError) {
        do throws(Refusal) {
            self = try HostPort.parse(Array(text.utf8)[...])
        } catch {
            throw AddressError(input: text, reason: error.reason)
        }
    }

    /// What is wrong with the text; the public error adds the input.
    private struct Refusal: Error {
        let reason: String

        init(_ reason: String) { self.reason = reason }

        init(_ failure: IPAddressTextParser.Failure) { self.reason = failure.reason }
    }

    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")
    private static let maximumNameLength = 253
    private static let maximumLabelLength = 63

    private static func parse(_ text: ArraySlice<UInt8>) throws(Refusal) -> HostPort {
        guard !text.isEmpty else { throw Refusal("empty address") }
        if text.first == UInt8(ascii: "[") {
            return try parseBracketed(text)
        }
        let colonCount = text.reduce(0) { $0 + ($1 == colon ? 1 : 0) }
        if colonCount >= 2 {
            // Two or more colons outside brackets can only be a bare IPv6 address.
            do throws(IPAddressTextParser.Failure) {
                return HostPort(address: try IPAddressTextParser.parseAddress(text), port: nil)
            } catch {
                throw Refusal(error.reason + " (an IPv6 address with a port goes in brackets: [2001:db8::1]:5060)")
            }
        }
        guard let colonIndex = text.firstIndex(of: colon) else {
            return HostPort(host: try parseHost(text), port: nil)
        }
        let hostText = text[..<colonIndex]
        guard !hostText.isEmpty else { throw Refusal("missing host before ':'") }
        let host = try parseHost(hostText)
        return HostPort(host: host, port: try parsePort(text[(colonIndex + 1)...]))
    }

    /// `[IPv6]` or `[IPv6]:port`; the zone may be raw (`%eth0`) or escaped (`%25eth0`).
    private static func parseBracketed(_ text: ArraySlice<UInt8>) throws(Refusal) -> HostPort {
        guard let close = text.firstIndex(of: UInt8(ascii: "]")) else {
            throw Refusal("unclosed '[' (missing ']')")
        }
        let inner = text[(text.startIndex + 1)..<close]
        let address = try parseBracketedAddress(inner)
        let rest = text[(close + 1)...]
        guard let first = rest.first else { return HostPort(address: address, port: nil) }
        guard first == colon else { throw Refusal("unexpected text after ']'") }
        return HostPort(address: address, port: try parsePort(rest.dropFirst()))
    }

    private static func parseBracketedAddress(_ inner: ArraySlice<UInt8>) throws(Refusal) -> IPAddress {
        let percentIndex = inner.firstIndex(of: UInt8(ascii: "%"))
        if IPAddressTextParser.parseIPv4(inner[..<(percentIndex ?? inner.endIndex)]) != nil {
            throw Refusal("brackets are only for IPv6 addresses")
        }
        do throws(IPAddressTextParser.Failure) {
            guard let percentIndex else {
                return try IPAddressTextParser.parseIPv6(inner, zone: nil)
            }
            var zone = inner[(percentIndex + 1)...]
            // RFC 6874: "%25" is the escaped '%'. A bare "%25" is read as zone 25.
            if zone.count > 2, zone.starts(with: "25".utf8) {
                zone = zone.dropFirst(2)
            }
            return try IPAddressTextParser.parseIPv6(inner[..<percentIndex], zone: zone)
        } catch {
            throw Refusal(error)
        }
    }

    /// An IPv4 address when the text is only digits and dots, else a DNS name.
    private static func parseHost(_ text: ArraySlice<UInt8>) throws(Refusal) -> Host {
        let looksNumeric = text.allSatisfy { IPAddressTextParser.isASCIIDigit($0) || $0 == dot }
        if looksNumeric {
            guard let value = IPAddressTextParser.parseIPv4(text) else {
                throw Refusal(IPAddressTextParser.Failure.notIPv4)
            }
            return .address(.v4(value))
        }
        return .name(try validatedName(text))
    }

    /// RFC 1123 host name syntax: dot-separated labels of letters, digits and
    /// inner hyphens; the last label not all digits (that would be an address).
    private static func validatedName(_ text: ArraySlice<UInt8>) throws(Refusal) -> String {
        let labels = text.split(separator: dot, omittingEmptySubsequences: false)
        for label in labels {
            if let bad = label.first(where: { !IPAddressTextParser.isASCIIAlphanumeric($0) && $0 != UInt8(ascii: "-") }) {
                throw Refusal("invalid character \(describe(bad)) in host name")
            }
            guard !label.isEmpty else { throw Refusal("empty label in host name") }
            guard label.count <= maximumLabelLength else {
                throw Refusal("host name label longer than \(maximumLabelLength) characters")
            }
            guard label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else {
                throw Refusal("host name label starts or ends with '-'")
            }
        }
        guard text.count <= maximumNameLength else {
            throw Refusal("host name longer than \(maximumNameLength) characters")
        }
        if let last = labels.last, last.allSatisfy(IPAddressTextParser.isASCIIDigit) {
            throw Refusal("the last label of a host name must not be all digits")
        }
        return String(decoding: text, as: UTF8.self).lowercased()
    }

    private static func describe(_ byte: UInt8) -> String {
        guard byte >= 0x21, byte < 0x7F else { return "(byte 0x\(String(byte, radix: 16)))" }
        return "'\(Character(Unicode.Scalar(byte)))'"
    }

    /// Decimal digits only, 1–65535; leading zeros are tolerated.
    private static func parsePort(_ text: ArraySlice<UInt8>) throws(Refusal) -> Int {
        guard !text.isEmpty else { throw Refusal("missing port after ':'") }
        guard text.allSatisfy(IPAddressTextParser.isASCIIDigit) else {
            throw Refusal("port '\(String(decoding: text, as: UTF8.self))' is not a number")
        }
        var value = 0
        for byte in text {
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            if value > 65535 { break }
        }
        guard (1...65535).contains(value) else { throw Refusal("port out of range (1-65535)") }
        return value
    }
}
