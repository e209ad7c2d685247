/// Why a logical line of a configuration file could not be read.
enum ConfigLineProblem: Error, Sendable, Equatable {
    /// Neither a header, a directive, nor an entry (no `=`).
    case badLine
    /// `=value`: an entry without a key.
    case emptyKey
    /// `[name` without `]`.
    case unclosedHeader
    /// `[name](!` without `)`.
    case unclosedOptions
    /// `[]`.
    case emptySectionName

    /// The words the error shows.
    var message: String {
        switch self {
        case .badLine: "bad line"
        case .emptyKey: "entry has no key"
        case .unclosedHeader: "section header has no closing ']'"
        case .unclosedOptions: "section options have no closing ')'"
        case .emptySectionName: "section header has no name"
        }
    }

    /// Whether the line was meant as a section header. The entries that follow
    /// such a line are dropped up to the next header, rather than being
    /// filed under whichever section came before.
    var isHeaderProblem: Bool {
        switch self {
        case .unclosedHeader, .unclosedOptions, .emptySectionName: true
        case .badLine, .emptyKey: false
        }
    }
}
