/// Collects sections, templates and errors while the lines of a configuration
/// file (and the files it includes) are read in order. Inheritance copies a
/// template's entries at the header that names it, as Asterisk does: a
/// template must be defined before it is used.
struct ConfigBuilder: Sendable {
    /// Where the next entry goes.
    enum Target: Sendable, Equatable {
        /// No section yet: an entry here is an error.
        case none
        /// The section at this index of `sections`.
        case section(Int)
        /// The last header could not be read: its entries are dropped.
        case discarding
    }

    /// Sections and templates together, in the order their headers appeared.
    private(set) var sections: [ConfigSection] = []
    private(set) var errors: [ConfigError] = []
    var target: Target = .none

    mutating func report(_ message: String, value: String, at location: SourceLocation) {
        errors.append(ConfigError(location: location, value: value, message: message))
    }

    /// Starts a section, a template, or (`(+)`) more entries for an earlier one.
    mutating func openSection(_ header: ConfigSectionHeader, at location: SourceLocation, line: String) {
        if !header.trailingText.isEmpty {
            report("unexpected text after section header", value: line, at: location)
        }
        if header.addsToEarlier {
            if let index = firstSection(named: header.name, excluding: nil) {
                let inherited = inheritedEntries(header.templateNames, excluding: index, at: location)
                sections[index].entries += inherited
                target = .section(index)
                return
            }
            // Kept as a section of its own: the entries plainly belong to that name.
            report("no earlier section to add to", value: header.name, at: location)
        }
        let inherited = inheritedEntries(header.templateNames, excluding: nil, at: location)
        sections.append(ConfigSection(
            name: header.name,
            isTemplate: header.isTemplate,
            templateNames: header.templateNames,
            location: location,
            entries: inherited
        ))
        target = .section(sections.count - 1)
    }

    /// Adds an entry to the current section; `appends` (`key+=value`) extends
    /// the value of the last entry with that key instead, when there is one.
    mutating func addEntry(
        key: String, value: String, isArrow: Bool, appends: Bool,
        at location: SourceLocation, line: String
    ) {
        switch target {
        case .none:
            report("entry outside any section", value: line, at: location)
        case .discarding:
            return
        case .section(let index):
            let wanted = key.lowercased()
            if appends, let last = sections[index].entries.lastIndex(where: { $0.key.lowercased() == wanted }) {
                let earlier = sections[index].entries[last]
                sections[index].entries[last] = ConfigEntry(
                    key: earlier.key,
                    value: earlier.value + value,
                    isArrow: earlier.isArrow,
                    location: earlier.location
                )
            } else {
                sections[index].entries.append(ConfigEntry(key: key, value: value, isArrow: isArrow, location: location))
            }
        }
    }

    /// The finished file: templates apart from the sections.
    func build(path: String) -> ConfigFile {
        ConfigFile(
            path: path,
            sections: sections.filter { !$0.isTemplate },
            templates: sections.filter(\.isTemplate),
            errors: errors
        )
    }

    /// The entries of each named template in turn; an unknown name is reported
    /// and contributes nothing.
    private mutating func inheritedEntries(
        _ names: [String], excluding excluded: Int?, at location: SourceLocation
    ) -> [ConfigEntry] {
        var entries: [ConfigEntry] = []
        for name in names {
            guard let index = firstSection(named: name, excluding: excluded) else {
                report("unknown template", value: name, at: location)
                continue
            }
            entries += sections[index].entries
        }
        return entries
    }

    /// The first section or template of that name (case does not matter, as
    /// in Asterisk), so `[peer](base)` may also inherit from a plain section.
    private func firstSection(named name: String, excluding excluded: Int?) -> Int? {
        let wanted = name.lowercased()
        return sections.indices.first { $0 != excluded && sections[$0].name.lowercased() == wanted }
    }
}
