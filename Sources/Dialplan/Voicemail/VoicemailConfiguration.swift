import PBXCore

/// voicemail.conf validated into typed values: `[general]` settings and the
/// mailboxes of every other section (a section is a voicemail context).
/// Pure: made from a parsed `ConfigFile`; bad values become `errors` with
/// file and line, unknown keys `notices`, and the rest still loads.
public struct VoicemailConfiguration: Sendable, Equatable {
    public var settings = VoicemailSettings()
    /// Every mailbox, in file order.
    public var users: [VoicemailUser] = []
    public var errors: [ConfigError] = []
    public var notices: [ConfigError] = []

    public init() {}

    public init(file: ConfigFile) {
        errors = file.errors
        for section in file.sections {
            switch section.name.lowercased() {
            case "general": readGeneral(section)
            case "zonemessages": continue
            default: readContext(section)
            }
        }
    }

    /// The mailbox `box` in `context`, if configured.
    public func user(_ box: String, context: String) -> VoicemailUser? {
        users.first { $0.mailbox == box && $0.context.lowercased() == context.lowercased() }
    }

    private mutating func readGeneral(_ section: ConfigSection) {
        for entry in section.entries {
            switch entry.key.lowercased() {
            case "format":
                let formats = entry.value.split(separator: "|").map { $0.trimmingCharacters(in: " \t").lowercased() }
                if formats.contains("wav") || formats.contains("wav49") || formats.contains("gsm") {
                    settings.format = "wav"
                } else {
                    errors.append(ConfigError(location: entry.location, value: entry.value, message: "unsupported voicemail format"))
                }
            case "maxmsg": integer(entry, range: 1...9999) { $0.maxMessages = $1 }
            case "maxsecs", "maxmessage": integer(entry, range: 0...86_400) { $0.maxSeconds = $1 }
            case "minsecs", "minmessage": integer(entry, range: 0...3_600) { $0.minSeconds = $1 }
            case "maxsilence": integer(entry, range: 0...3_600) { $0.maxSilence = $1 }
            case "silencethreshold": integer(entry, range: 0...32_767) { $0.silenceThreshold = $1 }
            case "maxlogins": integer(entry, range: 1...100) { $0.maxLogins = $1 }
            case "serveremail", "attach", "skipms", "sendvoicemail", "review", "operator", "saycid", "envelope",
                 "delete", "emaildateformat", "externnotify", "pbxskip", "fromstring", "emailsubject", "emailbody":
                continue
            default:
                notices.append(ConfigError(location: entry.location, value: entry.key, message: "unknown voicemail.conf setting"))
            }
        }
    }

    private mutating func integer(_ entry: ConfigEntry, range: ClosedRange<Int>, set: (inout VoicemailSettings, Int) -> Void) {
        guard let number = Int(entry.value), range.contains(number) else {
            errors.append(ConfigError(location: entry.location, value: entry.value,
                                      message: "\(entry.key) needs a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return
        }
        set(&settings, number)
    }

    /// `100 => 1234,Full Name,email,pager,options`.
    private mutating func readContext(_ section: ConfigSection) {
        for entry in section.entries {
            let box = entry.key
            guard !box.isEmpty, box.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                errors.append(ConfigError(location: entry.location, value: box, message: "invalid mailbox name"))
                continue
            }
            let fields = entry.value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " \t") }
            let password = fields.first ?? ""
            guard password.allSatisfy({ $0.isNumber || $0 == "-" }) else {
                errors.append(ConfigError(location: entry.location, value: password, message: "voicemail password must be digits"))
                continue
            }
            if user(box, context: section.name) != nil {
                errors.append(ConfigError(location: entry.location, value: "\(box)@\(section.name)", message: "duplicate mailbox"))
                continue
            }
            users.append(VoicemailUser(context: section.name, mailbox: box, password: password,
                                       fullName: fields.count > 1 ? fields[1] : "", email: fields.count > 2 ? fields[2] : "",
                                       zone: Self.option("tz", in: fields.count > 4 ? fields[4] : "") ?? ""))
        }
    }

    /// A `key=value` option from the `|`-separated options field.
    private static func option(_ key: String, in field: String) -> String? {
        for pair in field.split(separator: "|") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == key { return String(parts[1]) }
        }
        return nil
    }
}

/// `[general]` of voicemail.conf, with Asterisk's defaults.
public struct VoicemailSettings: Sendable, Equatable {
    /// Only `wav` (8 kHz 16-bit PCM) is written.
    public var format = "wav"
    public var maxMessages = 100
    /// Longest message in seconds; 0 means no limit (capped at an hour).
    public var maxSeconds = 0
    /// Shorter messages are discarded.
    public var minSeconds = 0
    /// Seconds of silence that end a recording; 0 turns it off.
    public var maxSilence = 0
    /// Mean absolute sample level below which a frame counts as silence.
    public var silenceThreshold = 128
    /// Password attempts before VoiceMailMain gives up.
    public var maxLogins = 3

    public init() {}
}

/// One mailbox line of a voicemail context.
public struct VoicemailUser: Sendable, Equatable {
    public var context: String
    public var mailbox: String
    public var password: String
    public var fullName: String
    public var email: String
    public var zone: String

    public init(context: String, mailbox: String, password: String, fullName: String = "", email: String = "", zone: String = "") {
        self.context = context
        self.mailbox = mailbox
        self.password = password
        self.fullName = fullName
        self.email = email
        self.zone = zone
    }

    /// `100@default`, as `mailbox=` in sip.conf names it.
    public var address: String { "\(mailbox)@\(context)" }
}
