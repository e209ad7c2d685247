/// A logical line of a configuration file once its comments are removed:
/// trimmed, never empty, numbered by the physical line it starts on.
struct ConfigTextLine: Sendable, Equatable {
    let number: Int
    let text: String
}
