/// An Asterisk extension pattern, compiled: `_X.`, `_NXXNXXXXXX`,
/// `_[1-5]XX`, `_X!`.
///
/// `X` is any digit, `Z` 1-9, `N` 2-9 (either case), `[...]` one of the
/// listed characters or ranges, `.` one or more further characters and `!`
/// zero or more; anything else stands for itself. As in Asterisk, `.` and `!`
/// end the pattern: whatever follows them is not looked at.
///
/// Patterns order by specificity (`<`), the order Asterisk tries them in:
/// position by position, the one whose position allows fewer characters
/// comes first, and a pattern that has ended comes before one that goes on.
public struct PatternMatcher: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One position of a pattern.
    enum Element: Sendable, Hashable {
        /// Exactly one byte from the set.
        case oneOf(ByteSet)
        /// `.`: one or more bytes, any.
        case oneOrMore
        /// `!`: zero or more bytes, any.
        case zeroOrMore
    }

    /// The pattern as written, `_` included.
    public let pattern: String
    let elements: [Element]

    /// Compiles `pattern`, with or without its leading `_`.
    public init(_ pattern: String) throws(PatternError) {
        self.pattern = pattern.hasPrefix("_") ? pattern : "_" + pattern
        let bytes = Array(self.pattern.utf8.dropFirst())
        guard !bytes.isEmpty else { throw .empty }
        var elements: [Element] = []
        var index = 0
        scanning: while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "X"), UInt8(ascii: "x"):
                elements.append(.oneOf(ByteSet(from: UInt8(ascii: "0"), through: UInt8(ascii: "9"))))
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                elements.append(.oneOf(ByteSet(from: UInt8(ascii: "1"), through: UInt8(ascii: "9"))))
            case UInt8(ascii: "N"), UInt8(ascii: "n"):
                elements.append(.oneOf(ByteSet(from: UInt8(ascii: "2"), through: UInt8(ascii: "9"))))
            case UInt8(ascii: "."):
                elements.append(.oneOrMore)
                break scanning
            case UInt8(ascii: "!"):
                elements.append(.zeroOrMore)
                break scanning
            case UInt8(ascii: "["):
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")) else { throw .unclosedBracket }
                let set = Self.characterClass(bytes[index..<close])
                guard !set.isEmpty else { throw .emptyCharacterClass }
                elements.append(.oneOf(set))
                index = close + 1
            default:
                elements.append(.oneOf(ByteSet(byte)))
            }
        }
        self.elements = elements
    }

    /// Whether the dialled `exten` matches the whole pattern.
    public func matches(_ exten: String) -> Bool {
        var bytes = exten.utf8.makeIterator()
        for element in elements {
            switch element {
            case .oneOf(let set):
                guard let byte = bytes.next(), set.contains(byte) else { return false }
            case .oneOrMore:
                return bytes.next() != nil
            case .zeroOrMore:
                return true
            }
        }
        return bytes.next() == nil
    }

    public var description: String { pattern }

    /// More specific first (see the type's documentation); equal keys fall
    /// back to the text so the order is total.
    public static func < (left: PatternMatcher, right: PatternMatcher) -> Bool {
        let count = max(left.elements.count, right.elements.count)
        for position in 0..<count {
            let leftKey = left.specificity(at: position)
            let rightKey = right.specificity(at: position)
            if leftKey != rightKey { return leftKey < rightKey }
        }
        return left.pattern < right.pattern
    }

    public static func == (left: PatternMatcher, right: PatternMatcher) -> Bool {
        left.pattern == right.pattern
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
    }

    /// How much the position allows (fewer is more specific), then its
    /// lowest character; 0 past the end.
    private func specificity(at position: Int) -> Int {
        guard position < elements.count else { return 0 }
        switch elements[position] {
        case .oneOf(let set): return set.count << 8 | Int(set.lowest ?? 0)
        case .oneOrMore: return 257 << 8
        case .zeroOrMore: return 258 << 8
        }
    }

    /// `[135]`, `[1-5]`, `[a-z0]`: single characters and ranges.
    private static func characterClass(_ bytes: ArraySlice<UInt8>) -> ByteSet {
        var set = ByteSet()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let first = bytes[index]
            let dash = index + 1
            if dash + 1 < bytes.endIndex, bytes[dash] == UInt8(ascii: "-") {
                let last = bytes[dash + 1]
                if first <= last { set.formUnion(ByteSet(from: first, through: last)) }
                index = dash + 2
            } else {
                set.insert(first)
                index += 1
            }
        }
        return set
    }
}
