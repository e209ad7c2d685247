import PBXCore

/// One step of an extension: `exten => 1000,2(greet),Playback(hello-world)`.
public struct Priority: Sendable, Equatable {
    /// The step number (`n` priorities are numbered when loaded).
    public let number: Int
    /// The label written after the number, as in `n(greet)`.
    public let label: String?
    /// The application's name as written (`Playback`).
    public let application: String
    /// The text between the parentheses, before variable substitution.
    public let data: String
    /// Where the line was written, when it came from a file.
    public let location: SourceLocation?

    public init(number: Int, label: String? = nil, application: String, data: String = "", location: SourceLocation? = nil) {
        self.number = number
        self.label = label
        self.application = application
        self.data = data
        self.location = location
    }
}
