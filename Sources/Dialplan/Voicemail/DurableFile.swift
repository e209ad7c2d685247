import Foundation

/// Writing files so that a crash or power loss leaves either the old state
/// or the new one: temporary name, `fsync`, `rename`, then `fsync` of the
/// directory so the rename itself is on disk.
enum DurableFile {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let code: Int32
        var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
    }

    /// Writes `bytes` to `path` through a temporary file beside it.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".tmp-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: temporary, operation: "open", code: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw Failure(path: temporary, operation: "write", code: code)
            }
            written += count
        }
        fsync(descriptor)
        close(descriptor)
        try rename(temporary, to: path)
    }

    /// Renames and makes the rename durable.
    static func rename(_ from: String, to: String) throws {
        guard Foundation.rename(from, to) == 0 else { throw Failure(path: from, operation: "rename", code: errno) }
        syncDirectory(of: to)
    }

    static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
