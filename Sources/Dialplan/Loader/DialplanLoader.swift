import PBXCore

/// Compiles extensions.conf into a `Dialplan` (Asterisk's pbx_config).
///
/// `[general]` is read for nothing yet and `[globals]` gives global
/// variables; every other section is a context. A bad line becomes a
/// `ConfigError` naming its file, line and value, and the rest still loads.
public struct DialplanLoader {
    /// The file's own errors followed by the dialplan's, and the result.
    public static func load(_ file: ConfigFile) -> (dialplan: Dialplan, errors: [ConfigError]) {
        var loader = DialplanLoader()
        for section in file.sections {
            switch section.name.lowercased() {
            case "general": continue
            case "globals": loader.readGlobals(section)
            default: loader.readContext(section)
            }
        }
        loader.checkIncludes()
        let contexts = loader.order.compactMap { loader.builders[$0]?.build() }
        return (Dialplan(contexts: contexts, globals: loader.globals), file.errors + loader.errors)
    }

    /// Parses `text` as extensions.conf at `path` and compiles it.
    public static func load(text: String, path: String = "extensions.conf") -> (dialplan: Dialplan, errors: [ConfigError]) {
        load(ConfigFile.parse(text: text, path: path))
    }

    /// Reads and compiles the file at `path`.
    public static func load(path: String) -> (dialplan: Dialplan, errors: [ConfigError]) {
        load(ConfigFile.load(path: path))
    }

    // MARK: State while loading

    /// A context being filled in; sections of the same name add to one.
    private struct ContextBuilder {
        let name: String
        let location: SourceLocation
        var extensions: [Extension] = []
        var includes: [(name: String, location: SourceLocation)] = []
        /// The last priority written per extension, for `n`.
        var lastPriority: [String: Int] = [:]

        func build() -> Context {
            Context(name: name, extensions: extensions, includes: includes.map(\.name), location: location)
        }
    }

    private var builders: [String: ContextBuilder] = [:]
    private var order: [String] = []
    private var globals: [String: String] = [:]
    private var errors: [ConfigError] = []

    private mutating func readGlobals(_ section: ConfigSection) {
        for entry in section.entries {
            // Globals may use the ones defined before them.
            let substitution = VariableSubstitution(channel: nil, globals: globals)
            globals[entry.key] = substitution.substitute(entry.value)
        }
    }

    private mutating func readContext(_ section: ConfigSection) {
        if builders[section.name] == nil {
            builders[section.name] = ContextBuilder(name: section.name, location: section.location)
            order.append(section.name)
        }
        var lastExten: String?
        for entry in section.entries {
            switch entry.key.lowercased() {
            case "exten":
                if let exten = addPriority(entry, in: section.name, sameExten: nil) { lastExten = exten }
            case "same":
                guard let exten = lastExten else {
                    fail(entry, "'same' with no preceding 'exten'", entry.value)
                    continue
                }
                addPriority(entry, in: section.name, sameExten: exten)
            case "include":
                addInclude(entry, in: section.name)
            case "ignorepat":
                continue
            case "switch", "lswitch", "eswitch":
                fail(entry, "switches are not supported", entry.value)
            default:
                fail(entry, "unknown directive '\(entry.key)' in context '\(section.name)'", entry.value)
            }
        }
    }

    /// Adds one `exten`/`same` line; returns the extension it named if the
    /// line was good (so `same` can follow it).
    @discardableResult
    private mutating func addPriority(_ entry: ConfigEntry, in context: String, sameExten: String?) -> String? {
        let line: ExtensionLine
        switch ExtensionLine.parse(entry.value, hasExtension: sameExten == nil) {
        case .success(let parsed): line = parsed
        case .failure(let failure):
            fail(entry, failure.message, failure.value)
            return nil
        }
        let exten = sameExten ?? line.exten
        guard var builder = builders[context] else { return nil }
        defer { builders[context] = builder }

        let number: Int
        switch line.priority {
        case .hint:
            // Hints feed device state, which this PBX does not track; the line is harmless.
            return exten
        case .number(let value):
            number = value
        case .next:
            guard let last = builder.lastPriority[exten] else {
                fail(entry, "'n' priority with no earlier priority for extension '\(exten)'", entry.value)
                return nil
            }
            number = last + 1
        }

        var target: Extension
        let index = builder.extensions.firstIndex { $0.name == exten }
        if let index {
            target = builder.extensions[index]
        } else {
            do throws(PatternError) {
                target = try Extension(name: exten, location: entry.location)
            } catch {
                fail(entry, error.description, exten)
                return nil
            }
        }
        var label = line.label
        if let wanted = label, let taken = target.priority(labeled: wanted) {
            fail(entry, "label '\(wanted)' already used by priority \(taken.number) of extension '\(exten)'", entry.value)
            label = nil
        }
        let priority = Priority(
            number: number, label: label, application: line.application, data: line.data, location: entry.location)
        guard target.insert(priority) else {
            fail(entry, "duplicate priority \(number) for extension '\(exten)' in context '\(context)'", entry.value)
            return exten
        }
        builder.lastPriority[exten] = number
        if let index {
            builder.extensions[index] = target
        } else {
            builder.extensions.append(target)
        }
        return exten
    }

    private mutating func addInclude(_ entry: ConfigEntry, in context: String) {
        let name = entry.value.trimmingCharacters(in: " \t")
        guard !name.isEmpty else {
            fail(entry, "empty include", entry.value)
            return
        }
        guard !name.contains(",") && !name.contains("|") else {
            fail(entry, "time-conditional includes are not supported", entry.value)
            return
        }
        builders[context]?.includes.append((name, entry.location))
    }

    /// Asterisk warns about includes of contexts that do not exist; so do we
    /// (the include stays and is skipped at lookup).
    private mutating func checkIncludes() {
        for name in order {
            guard let builder = builders[name] else { continue }
            for include in builder.includes where builders[include.name] == nil {
                errors.append(ConfigError(
                    location: include.location, value: include.name,
                    message: "context '\(name)' includes nonexistent context"))
            }
        }
    }

    private mutating func fail(_ entry: ConfigEntry, _ message: String, _ value: String) {
        errors.append(ConfigError(location: entry.location, value: value, message: message))
    }
}
