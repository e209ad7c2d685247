import PBXCore

/// `Playback(file1[&file2...][,options])`: plays sounds to the channel.
///
/// As Asterisk's: a channel that is not up is answered first unless
/// `noanswer` is given (`skip` instead plays nothing on such a channel); a
/// sound that cannot be loaded or played is logged and skipped, and
/// `PLAYBACKSTATUS` ends `SUCCESS` or `FAILED`.
public struct PlaybackApplication: DialplanApplication {
    public let name = "Playback"
    public let synopsis = "Play a file"

    public init() {}

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let files = (arguments.first ?? "").split(separator: "&").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        guard !files.isEmpty else {
            call.logger.warning("Playback requires an argument (filename)")
            return .hangUp(.normalClearing)
        }
        let options = arguments.dropFirst().joined(separator: ",").lowercased()
        let channel = call.channel
        let record = channel.record

        if record.state.state != .up {
            if options.contains("skip") {
                record[variable: "PLAYBACKSTATUS"] = "SUCCESS"
                return .proceed
            }
            if !options.contains("noanswer") {
                do {
                    try await channel.answer()
                } catch {
                    record[variable: "PLAYBACKSTATUS"] = "FAILED"
                    throw error
                }
            }
        }

        var failed = false
        for file in files {
            do {
                let source = try call.sounds.load(file, for: channel.nativeFormat)
                try await channel.play(source)
            } catch ChannelError.hungUp {
                record[variable: "PLAYBACKSTATUS"] = "FAILED"
                throw ChannelError.hungUp
            } catch {
                failed = true
                call.logger.warning("Playback failed on \(channel.name) for \(file): \(error)")
            }
        }
        record[variable: "PLAYBACKSTATUS"] = failed ? "FAILED" : "SUCCESS"
        return .proceed
    }
}
