/// `modules.conf` as Asterisk reads it: `autoload=yes|no`, `load => name`,
/// `noload => name` (with or without the `.so` Asterisk users write).
public struct ModulesConfiguration: Sendable, Equatable {
    public var autoload = true
    public var load: [String] = []
    public var noload: Set<String> = []
    public var errors: [ConfigError] = []

    public init() {}

    public init(file: ConfigFile) {
        errors = file.errors
        for section in file.sections where section.name == "modules" {
            for entry in section.entries {
                let value = Self.moduleName(entry.value)
                switch entry.key.lowercased() {
                case "autoload":
                    if let flag = ConfigBool.parse(entry.value) { autoload = flag } else {
                        errors.append(ConfigError(location: entry.location, value: entry.value, message: "autoload must be yes or no"))
                    }
                case "load", "preload", "require", "preload-require": load.append(value)
                case "noload": noload.insert(value)
                default:
                    errors.append(ConfigError(location: entry.location, value: entry.key, message: "unknown key in [modules]"))
                }
            }
        }
    }

    /// `chan_sip.so` and `chan_sip` name the same module.
    public static func moduleName(_ text: String) -> String {
        text.hasSuffix(".so") ? String(text.dropLast(3)) : text
    }

    /// The modules to load at start from those available, in their given order.
    public func modulesToLoad(from available: [String]) -> [String] {
        var names = autoload ? available : []
        for name in load where !names.contains(name) { names.append(name) }
        return names.filter { !noload.contains($0) }
    }
}

/// Asterisk's truth values: yes/no, true/false, on/off, 1/0.
public enum ConfigBool {
    public static func parse(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true", "on", "1", "y": true
        case "no", "false", "off", "0", "n": false
        default: nil
        }
    }
}
