import Foundation

/// The file-system side of configuration loading: reading files, resolving
/// `#include` paths, expanding `*` and `?` in an included file name. Paths
/// are joined as text so locations show them the way they were written.
enum ConfigFileSystem {
    /// Why a file could not be read.
    enum ReadFailure: Error, Sendable, Equatable {
        case notFound
        case isDirectory
        case unreadable
    }

    /// The file's text; bytes that are not UTF-8 become U+FFFD rather than failing.
    static func readText(_ path: String) -> Result<String, ReadFailure> {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(.notFound)
        }
        guard !isDirectory.boolValue else { return .failure(.isDirectory) }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable) }
        return .success(String(decoding: data, as: UTF8.self))
    }

    /// The directory part of a path: `""` for a bare file name, `"/"` for a file at the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// An included name taken relative to the directory of the including
    /// file, unless it is absolute.
    static func resolve(_ name: String, relativeTo includingFile: String) -> String {
        if name.hasPrefix("/") {
            return name
        }
        return join(directory(of: includingFile), name)
    }

    /// An absolute path with `.`, `..` and symbolic links resolved, so that
    /// two spellings of one file are recognised as the same file.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The files a name with `*` or `?` in its last component stands for,
    /// sorted; the path itself when it has no wildcard. Names starting with a
    /// dot match only a pattern starting with a dot, as with a shell glob.
    static func expandWildcards(_ path: String) -> [String] {
        let directory = directory(of: path)
        let pattern = directory.isEmpty ? path : String(path.dropFirst(directory == "/" ? 1 : directory.count + 1))
        guard pattern.contains(where: { $0 == "*" || $0 == "?" }) else { return [path] }

        let listed = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        let patternCharacters = Array(pattern)
        return listed
            .filter { name in
                (!name.hasPrefix(".") || pattern.hasPrefix(".")) && wildcardMatches(Array(name), patternCharacters)
            }
            .sorted()
            .map { join(directory, $0) }
            .filter { candidate in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty {
            return name
        }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `*` matches any run of characters, `?` any one character.
    static func wildcardMatches(_ name: [Character], _ pattern: [Character]) -> Bool {
        var nameIndex = 0
        var patternIndex = 0
        // Where the last `*` was, and how much of the name it has swallowed so far.
        var starPattern: Int?
        var starName = 0
        while nameIndex < name.count {
            if patternIndex < pattern.count, pattern[patternIndex] == "?" || pattern[patternIndex] == name[nameIndex] {
                nameIndex += 1
                patternIndex += 1
            } else if patternIndex < pattern.count, pattern[patternIndex] == "*" {
                starPattern = patternIndex
                starName = nameIndex
                patternIndex += 1
            } else if let star = starPattern {
                starName += 1
                nameIndex = starName
                patternIndex = star + 1
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == "*" {
            patternIndex += 1
        }
        return patternIndex == pattern.count
    }
}
