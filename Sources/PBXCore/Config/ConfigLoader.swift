/// Reads a configuration file line by line into a `ConfigBuilder`, following
/// `#include` into other files. Every problem becomes an error naming its
/// file and line; none stops the rest from loading.
struct ConfigLoader: Sendable {
    /// How deep includes may nest below the top file, as in Asterisk.
    static let maximumIncludeDepth = 10

    private(set) var builder = ConfigBuilder()
    /// The canonical paths of the files being read, outermost first: an
    /// include of one of them is a cycle.
    private var openFiles: [String] = []

    /// Reads the text of the file at `path`; `depth` is 0 for the top file.
    mutating func read(text: String, path: String, depth: Int) {
        openFiles.append(ConfigFileSystem.canonicalPath(path))
        defer { openFiles.removeLast() }

        let stripped = ConfigCommentStripper.strip(text)
        for line in stripped.lines {
            let location = SourceLocation(file: path, line: line.number)
            switch ConfigLineParser.parse(line.text) {
            case .failure(let problem):
                builder.report(problem.message, value: line.text, at: location)
                if problem.isHeaderProblem {
                    builder.target = .discarding
                }
            case .success(.header(let header)):
                builder.openSection(header, at: location, line: line.text)
            case .success(.entry(let key, let value, let isArrow, let appends)):
                builder.addEntry(key: key, value: value, isArrow: isArrow, appends: appends, at: location, line: line.text)
            case .success(.directive(let name, let argument)):
                runDirective(name: name, argument: argument, line: line.text, at: location, depth: depth)
            }
        }
        if let comment = stripped.unclosedComment {
            builder.report(
                "block comment ';--' is never closed",
                value: comment.text,
                at: SourceLocation(file: path, line: comment.number)
            )
        }
    }

    private mutating func runDirective(name: String, argument: String, line: String, at location: SourceLocation, depth: Int) {
        switch name.lowercased() {
        case "include", "tryinclude":
            guard !argument.isEmpty else {
                builder.report("#\(name) needs a file name", value: line, at: location)
                return
            }
            include(argument, optional: name.lowercased() == "tryinclude", at: location, depth: depth)
        case "exec":
            // Running commands from a configuration file is deliberately left out.
            builder.report("#exec is not supported", value: line, at: location)
        default:
            builder.report("unknown directive", value: line, at: location)
        }
    }

    /// `#include` (`optional` false) or `#tryinclude` (a missing file is fine).
    /// Entries of the included file with no header of their own go to the
    /// section the include stands in; after it, the including file carries on
    /// in that same section.
    private mutating func include(_ argument: String, optional: Bool, at location: SourceLocation, depth: Int) {
        let path = ConfigFileSystem.resolve(argument, relativeTo: location.file)
        let files = ConfigFileSystem.expandWildcards(path)
        if files.isEmpty, !optional {
            builder.report("include file not found", value: argument, at: location)
        }
        for file in files {
            guard !openFiles.contains(ConfigFileSystem.canonicalPath(file)) else {
                builder.report("include cycle", value: argument, at: location)
                continue
            }
            guard depth < Self.maximumIncludeDepth else {
                builder.report("includes nested more than \(Self.maximumIncludeDepth) deep", value: argument, at: location)
                return
            }
            switch ConfigFileSystem.readText(file) {
            case .success(let text):
                let outerTarget = builder.target
                read(text: text, path: file, depth: depth + 1)
                builder.target = outerTarget
            case .failure(.notFound):
                if !optional {
                    builder.report("include file not found", value: argument, at: location)
                }
            case .failure(.isDirectory):
                builder.report("include names a directory", value: argument, at: location)
            case .failure(.unreadable):
                builder.report("include file cannot be read", value: argument, at: location)
            }
        }
    }
}
