import Foundation
import PBXCore

/// A WAV file being recorded: header placeholder first, samples appended as
/// they arrive, the real header written and everything flushed on `finish`.
/// Until then it lives under a temporary name no message list looks at.
final class RecordingFile {
    let path: String
    private var descriptor: Int32
    private(set) var sampleCount = 0

    init(path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw DurableFile.Failure(path: path, operation: "open", code: errno) }
        self.path = path
        self.descriptor = descriptor
        try append(bytes: WAVWriter.header(sampleCount: 0))
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func append(_ samples: [Int16]) throws {
        try append(bytes: WAVWriter.bytes(of: samples))
        sampleCount += samples.count
    }

    /// Drops samples from the end (trailing silence), keeping at least none.
    func truncate(samples: Int) {
        sampleCount = max(0, sampleCount - samples)
        ftruncate(descriptor, off_t(WAVWriter.headerSize + sampleCount * 2))
    }

    private func append(bytes: [UInt8]) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw DurableFile.Failure(path: path, operation: "write", code: errno) }
            written += count
        }
    }

    /// Writes the final header and flushes the file to disk.
    func finish() throws {
        let header = WAVWriter.header(sampleCount: sampleCount)
        let count = header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard count == header.count else { throw DurableFile.Failure(path: path, operation: "write", code: errno) }
        fsync(descriptor)
        close(descriptor)
        descriptor = -1
    }

    /// Gives up: closes and removes the file.
    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
    }

    var seconds: Double { Double(sampleCount) / Double(WAVWriter.sampleRate) }
}
