/// A parsed `[name](options)` line.
struct ConfigSectionHeader: Sendable, Equatable {
    /// The name between the brackets, trimmed.
    var name: String
    /// `!` among the options: the section is a template.
    var isTemplate = false
    /// `+` among the options: the entries go to an earlier section of that name.
    var addsToEarlier = false
    /// Every other option: a template to inherit from, in order.
    var templateNames: [String] = []
    /// Text after the header that means nothing; empty when there is none.
    var trailingText = ""
}
