/// A configuration file in Asterisk's syntax, read into sections.
///
/// Understood: `[section]` headers; `key=value`, `key => value` and
/// `key+=value` (appends to the last value of that key); `;` comments, `\;`
/// for a literal semicolon, `;-- ... --;` block comments; `#include file`,
/// `#include "file"` and `#tryinclude file` (relative to the directory of the
/// including file unless absolute, `*` and `?` allowed in the file name,
/// nested at most 10 deep); templates `[name](!)`, inheritance
/// `[peer](tmpl1,tmpl2)` and `[name](!,tmpl)`; `[name](+)` to add entries to
/// an earlier section.
///
/// Loading never fails as a whole: each bad line, missing include or unknown
/// template becomes one of `errors` and the rest of the file still loads. The
/// entries after a header that cannot be read are dropped up to the next
/// header, so they never land in the wrong section.
public struct ConfigFile: Sendable, Equatable {
    /// The path the file was loaded from, as given.
    public let path: String
    /// Every section except templates, in file order (included files in place).
    public let sections: [ConfigSection]
    /// The `[name](!)` templates, in file order.
    public let templates: [ConfigSection]
    /// Every problem found, in the order it was met.
    public let errors: [ConfigError]

    public init(path: String, sections: [ConfigSection], templates: [ConfigSection], errors: [ConfigError]) {
        self.path = path
        self.sections = sections
        self.templates = templates
        self.errors = errors
    }

    /// The first non-template section of that name; the name matches without
    /// regard to case, as Asterisk's category lookup does.
    public func section(_ name: String) -> ConfigSection? {
        let wanted = name.lowercased()
        return sections.first { $0.name.lowercased() == wanted }
    }

    /// Reads and parses the file at `path`. Never throws: a file that cannot
    /// be read gives an empty `ConfigFile` with one error at line 0.
    public static func load(path: String) -> ConfigFile {
        switch ConfigFileSystem.readText(path) {
        case .success(let text):
            return parse(text: text, path: path)
        case .failure(let failure):
            let message = switch failure {
            case .notFound: "file not found"
            case .isDirectory: "is a directory, not a file"
            case .unreadable: "file cannot be read"
            }
            let error = ConfigError(location: SourceLocation(file: path, line: 0), value: path, message: message)
            return ConfigFile(path: path, sections: [], templates: [], errors: [error])
        }
    }

    /// Parses `text` as the contents of the file at `path`; `#include` is
    /// resolved against the directory of `path` on disk.
    public static func parse(text: String, path: String) -> ConfigFile {
        var loader = ConfigLoader()
        loader.read(text: text, path: path, depth: 0)
        return loader.builder.build(path: path)
    }
}
