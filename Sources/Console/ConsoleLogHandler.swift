import Foundation
import Logging

/// Log lines in Asterisk's look (`[Nov 21 10:00:00] NOTICE: ...`, verbose
/// messages as `    -- ...`) handed to the consoles, filtered by the
/// verbosity the broadcaster holds (which `core set verbose` changes).
struct ConsoleLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    private let label: String
    private let output: LogBroadcaster

    init(label: String, output: LogBroadcaster) {
        self.label = label
        self.output = output
    }

    var logLevel: Logger.Level {
        get { output.level }
        // The level belongs to the broadcaster: `core set verbose` sets it there.
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = ConsoleLogHandler.timestamp()
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let context = merged.isEmpty ? "" : "[" + merged.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: "][") + "] "
        let line: String
        switch event.level {
        // Verbose lines name their channel in the text already, as Asterisk's do.
        case .info: line = "    -- \(event.message)\n"
        case .trace, .debug: line = "[\(stamp)] DEBUG: \(context)\(event.message)\n"
        case .notice: line = "[\(stamp)] NOTICE: \(context)\(event.message)\n"
        case .warning: line = "[\(stamp)] WARNING: \(context)\(event.message)\n"
        case .error, .critical: line = "[\(stamp)] ERROR: \(context)\(event.message)\n"
        }
        output.publish(line)
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [Int8](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%b %d %H:%M:%S", &parts)
        return String(cString: buffer)
    }
}
