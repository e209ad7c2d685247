import Channels
import Foundation
import NIOCore

/// sip-parser-bench: messages per second for parsing and writing SIP on one
/// thread. Usage:
///
///     sip-parser-bench [--seconds S] [--runs R] [--only NAME]
///     sip-parser-bench --iterations N [--only NAME]     (fixed work, for profilers)
///
/// NAME is one of: invite, register, response, write.
@main
struct SIPParserBench {
    static func main() {
        let options = BenchmarkOptions(CommandLine.arguments)
        let invite = parsedOrExit(SampleMessages.invite, "INVITE")
        _ = parsedOrExit(SampleMessages.register, "REGISTER")
        let okResponse = SIPOutgoingMessage.response(to: invite, status: 200, toTag: "as5f3a9c1e")
        var buffer = ByteBufferAllocator().buffer(capacity: 2048)

        // Each piece of work returns a number derived from its result (folded
        // into a checksum printed at the end) so none of it can be optimised away.
        let work: [(key: String, label: String, run: () -> Int)] = [
            ("invite", "parse INVITE (\(SampleMessages.invite.count) B, SDP)", {
                guard let message = try? SIPMessage(parsing: SampleMessages.invite) else { return -1 }
                return message.callID.utf8.count &+ message.headers.fields.count &+ message.body.count
            }),
            ("register", "parse REGISTER (\(SampleMessages.register.count) B, auth)", {
                guard let message = try? SIPMessage(parsing: SampleMessages.register) else { return -1 }
                return message.callID.utf8.count &+ message.headers.fields.count &+ (message.expires ?? 0)
            }),
            ("response", "build + write 200 OK", {
                buffer.clear()
                SIPOutgoingMessage.response(to: invite, status: 200, toTag: "as5f3a9c1e").write(into: &buffer)
                return buffer.readableBytes
            }),
            ("write", "write 200 OK (prebuilt)", {
                buffer.clear()
                okResponse.write(into: &buffer)
                return buffer.readableBytes
            }),
        ]

        let selected = work.filter { options.only == nil || $0.key == options.only }
        if selected.isEmpty { BenchmarkOptions.usage("--only takes one of: \(work.map(\.key).joined(separator: ", "))") }

        let runner = BenchmarkRunner(secondsPerRun: options.seconds, runs: options.runs)
        var checksum = 0
        if let iterations = options.iterations {
            for item in selected {
                let start = BenchmarkRunner.now()
                runner.repeatExactly(iterations, checksum: &checksum, item.run)
                print("\(item.label): \(iterations) in \(String(format: "%.3f", BenchmarkRunner.now() - start)) s")
            }
        } else {
            print("one thread, \(options.runs) runs of ≥ \(options.seconds) s each; messages/s")
            print(padded("work", 34, left: true) + padded("median", 12) + padded("min", 12) + padded("max", 12) + padded("µs/msg", 10))
            for item in selected {
                let result = runner.measure(item.label, checksum: &checksum, item.run)
                print(padded(item.label, 34, left: true) + padded(String(format: "%.0f", result.median), 12)
                      + padded(String(format: "%.0f", result.minimum), 12) + padded(String(format: "%.0f", result.maximum), 12)
                      + padded(String(format: "%.2f", 1e6 / result.median), 10))
            }
        }
        print("checksum \(checksum)")
    }

    /// The sample parsed, or an exit naming it: a sample that stops parsing
    /// would otherwise be timed as a fast failure.
    private static func parsedOrExit(_ bytes: [UInt8], _ name: String) -> SIPMessage {
        do {
            return try SIPMessage(parsing: bytes)
        } catch {
            FileHandle.standardError.write(Data("sip-parser-bench: the sample \(name) does not parse: \(error)\n".utf8))
            exit(1)
        }
    }

    /// `text` padded with spaces to `width` characters, for the table.
    private static func padded(_ text: String, _ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(1, width - text.count))
        return left ? text + fill : fill + text
    }
}
