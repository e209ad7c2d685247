import Foundation

/// One message file of the torture corpus: `Fixtures/<rfc>/<valid|invalid>/<tag>.sip`.
/// The folder names carry the RFC's verdict, the file name the RFC's tag.
struct TortureFixture: Sendable {
    enum LoadError: Error, CustomStringConvertible {
        case missingFixturesFolder

        var description: String { "the test bundle has no Fixtures folder" }
    }

    let rfc: String
    let verdict: String
    let tag: String
    let bytes: [UInt8]

    /// `rfc4475/valid/wsinv`: the key of the expectations table.
    var key: String { "\(rfc)/\(verdict)/\(tag)" }

    /// The octets after the empty line that ends the header section
    /// (everything a Content-Length can count), or nil without one.
    var octetsAfterHeaders: [UInt8]? { Self.octetsAfterHeaders(in: bytes) }

    /// What follows the first CRLF CRLF of `bytes`, or nil without one.
    static func octetsAfterHeaders(in bytes: [UInt8]) -> [UInt8]? {
        let end: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= end.count else { return nil }
        for start in 0...(bytes.count - end.count) where Array(bytes[start..<(start + end.count)]) == end {
            return Array(bytes[(start + end.count)...])
        }
        return nil
    }

    /// The same message with its `Content-Length: <stated>` field saying
    /// `<counted>` instead; nil if the message has no such field.
    func replacingContentLength(_ stated: Int, with counted: Int) -> [UInt8]? {
        let old = Array("Content-Length: \(stated)\r\n".utf8)
        let new = Array("Content-Length: \(counted)\r\n".utf8)
        guard bytes.count >= old.count else { return nil }
        for start in 0...(bytes.count - old.count) where Array(bytes[start..<(start + old.count)]) == old {
            return Array(bytes[..<start]) + new + Array(bytes[(start + old.count)...])
        }
        return nil
    }

    /// Every `.sip` file under the test bundle's Fixtures folder, by key.
    static func loadAll() throws -> [TortureFixture] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw LoadError.missingFixturesFolder
        }
        var fixtures: [TortureFixture] = []
        for rfc in try subfolders(of: root) {
            for verdict in try subfolders(of: root.appendingPathComponent(rfc)) {
                let folder = root.appendingPathComponent(rfc).appendingPathComponent(verdict)
                for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".sip") {
                    let data = try Data(contentsOf: folder.appendingPathComponent(name))
                    fixtures.append(TortureFixture(rfc: rfc, verdict: verdict, tag: String(name.dropLast(4)), bytes: [UInt8](data)))
                }
            }
        }
        return fixtures.sorted { $0.key < $1.key }
    }

    private static func subfolders(of url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).filter { name in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isFolder)
            return exists && isFolder.boolValue
        }
    }
}
