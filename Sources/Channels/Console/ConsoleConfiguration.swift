import PBXCore

/// `alsa.conf`, validated: which PCMs the console uses and where its calls
/// go (Asterisk's chan_alsa keys, all in `[general]`).
///
/// ```
/// [general]
/// input_device=default      ; ALSA PCM name for the microphone
/// output_device=default     ; ALSA PCM name for the speaker
/// context=default           ; where `console dial` sends calls
/// extension=s               ; what `console dial` with no number calls
/// autoanswer=yes            ; answer Dial(Console/dsp) at once
/// ```
public struct ConsoleConfiguration: Sendable, Equatable {
    public var inputDevice = "default"
    public var outputDevice = "default"
    public var context = "default"
    public var exten = "s"
    public var autoanswer = false
    /// Caller ID the console's own calls carry.
    public var callerID = CallerID(name: "Console", number: "")
    /// Problems found (file, line, value); the keys they concern keep their defaults.
    public var errors: [ConfigError] = []

    public init() {}

    /// Reads `[general]` of a loaded `alsa.conf`. Unknown keys are reported
    /// as errors but do not stop the rest from being used, as Asterisk does.
    public init(file: ConfigFile) {
        errors = file.errors
        guard let general = file.section("general") else { return }
        for entry in general.entries {
            let value = entry.value.trimmingCharacters(in: " \t\"")
            switch entry.key.lowercased() {
            case "input_device": inputDevice = value
            case "output_device": outputDevice = value
            case "context": context = value
            case "extension": exten = value
            case "callerid": callerID = CallerID(parsing: entry.value)
            case "autoanswer":
                if let flag = ConfigBool.parse(value) {
                    autoanswer = flag
                } else {
                    errors.append(ConfigError(location: entry.location, value: entry.value, message: "autoanswer must be yes or no"))
                }
            // chan_alsa's tuning knobs: accepted so old files load, not needed here.
            case "silencesuppression", "silencethreshold", "noaudiocapture", "language", "mohinterpret":
                break
            default:
                errors.append(ConfigError(location: entry.location, value: entry.key, message: "unknown key in [general] of alsa.conf"))
            }
            if ["input_device", "output_device", "context", "extension"].contains(entry.key.lowercased()) && value.isEmpty {
                errors.append(ConfigError(location: entry.location, value: entry.key, message: "empty value"))
            }
        }
        if inputDevice.isEmpty { inputDevice = "default" }
        if outputDevice.isEmpty { outputDevice = "default" }
        if context.isEmpty { context = "default" }
        if exten.isEmpty { exten = "s" }
    }

    /// `console dial` target: `EXT`, `EXT@CTX`, or nothing (the configured one).
    public func dialTarget(_ argument: String?) -> (exten: String, context: String) {
        guard let argument, !argument.isEmpty else { return (exten, context) }
        if let at = argument.firstIndex(of: "@") {
            let exten = String(argument[..<at])
            let context = String(argument[argument.index(after: at)...])
            return (exten.isEmpty ? self.exten : exten, context.isEmpty ? self.context : context)
        }
        return (argument, context)
    }
}
