/// An ordered set of formats: order is preference (sip.conf `allow` order).
public struct FormatSet: Sendable, Hashable, Sequence {
    public private(set) var formats: [AudioFormat]

    public init(_ formats: [AudioFormat] = []) {
        var unique: [AudioFormat] = []
        for format in formats where !unique.contains(format) { unique.append(format) }
        self.formats = unique
    }

    public static let `default` = FormatSet([.ulaw, .alaw])

    public var isEmpty: Bool { formats.isEmpty }
    public func contains(_ format: AudioFormat) -> Bool { formats.contains(format) }
    public func makeIterator() -> IndexingIterator<[AudioFormat]> { formats.makeIterator() }

    /// Applies one `allow=` or `disallow=` line (comma separated, `all` allowed).
    /// Returns the names it did not know.
    @discardableResult
    public mutating func apply(allow: Bool, list: String) -> [String] {
        var unknown: [String] = []
        for raw in list.split(separator: ",") {
            let name = raw.trimmingCharacters(in: " \t")
            if name.lowercased() == "all" {
                formats = allow ? AudioFormat.known.filter(\.isNegotiable) : []
                continue
            }
            guard let format = AudioFormat.named(name) else { unknown.append(name); continue }
            if allow {
                if !formats.contains(format) { formats.append(format) }
            } else {
                formats.removeAll { $0 == format }
            }
        }
        return unknown
    }
}

extension StringProtocol {
    /// The string without leading and trailing characters of `set`.
    public func trimmingCharacters(in set: String) -> String {
        var start = startIndex
        var end = endIndex
        while start < end, set.contains(self[start]) { start = index(after: start) }
        while end > start, set.contains(self[index(before: end)]) { end = index(before: end) }
        return String(self[start..<end])
    }
}
