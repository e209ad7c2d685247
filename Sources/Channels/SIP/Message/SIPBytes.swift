#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run of octets inside a message being parsed. RFC 3261's grammar is
/// written over octets and every delimiter in it is ASCII, so the parser
/// takes messages apart byte by byte and makes `String`s only of the values
/// it keeps: no Unicode segmentation on the hot path.
typealias SIPBytes = Slice<UnsafeBufferPointer<UInt8>>

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Without leading and trailing spaces and tabs.
    var trimmedWhitespace: Self {
        var start = startIndex
        var end = endIndex
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return self[start..<end]
    }

    /// The octets as text (invalid UTF-8, which the message parser has
    /// already repaired, would read as U+FFFD).
    var text: String { String(decoding: UnsafeBufferPointer(rebasing: self), as: UTF8.self) }

    /// The first `byte` at or after `from`.
    func firstIndex(of byte: UInt8, from: Int) -> Int? {
        guard from < endIndex else { return nil }
        // Short runs are quicker by hand than through a call.
        if endIndex - from <= 16 {
            var index = from
            while index < endIndex {
                if base[index] == byte { return index }
                index += 1
            }
            return nil
        }
        guard let start = base.baseAddress, let found = memchr(start + from, Int32(byte), endIndex - from) else { return nil }
        return UnsafeRawPointer(start).distance(to: UnsafeRawPointer(found))
    }

    func contains(byte: UInt8) -> Bool { firstIndex(of: byte, from: startIndex) != nil }

    /// Octet for octet equal to an ASCII literal.
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let other = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        var offset = 0
        for byte in self {
            if byte != other[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Equal to a lowercase ASCII literal, ignoring the case of ASCII letters.
    func caseInsensitiveEquals(_ lowercase: StaticString) -> Bool {
        guard count == lowercase.utf8CodeUnitCount else { return false }
        let other = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        var offset = 0
        for byte in self {
            let wanted = other[offset]
            if byte != wanted, !(byte | 0x20 == wanted && wanted >= 0x61 && wanted <= 0x7A) { return false }
            offset += 1
        }
        return true
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// True when no octet has its high bit set: then every octet is one
    /// character and no text needs repairing.
    var isASCII: Bool {
        guard let base = baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        // Eight octets at a time; the tail one by one.
        while index + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if base[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}

extension Substring {
    /// Runs `body` over the text's UTF-8 octets (in place for native strings).
    func withSIPBytes<Result>(_ body: (SIPBytes) throws(SIPParseError) -> Result) throws(SIPParseError) -> Result {
        var text = self
        let outcome: Swift.Result<Result, SIPParseError> = text.withUTF8 { buffer in
            do throws(SIPParseError) {
                return .success(try body(buffer[...]))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }
}
