/// Why an extension pattern (`_[1-5]XX`) could not be compiled.
public enum PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing after the `_`.
    case empty
    /// A `[` with no closing `]`.
    case unclosedBracket
    /// `[]`, or a range such as `[5-1]` that holds nothing.
    case emptyCharacterClass

    public var description: String {
        switch self {
        case .empty: "empty pattern"
        case .unclosedBracket: "'[' without ']' in pattern"
        case .emptyCharacterClass: "empty character class in pattern"
        }
    }
}
