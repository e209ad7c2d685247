/// `core show translation` and `core show codecs`, registered by the PBX.
enum TranslationCommands {
    static func register(_ matrix: TranslationMatrix, in commands: CommandTree) {
        commands.register(CLICommand("core show translation", summary: "Display translation matrix") { _ in
            .ok(translationTable(matrix))
        })
        commands.register(CLICommand("core show codecs", summary: "Displays a list of codecs") { _ in
            .ok(codecList(matrix))
        })
    }

    /// Asterisk's layout: one row per source, one column per destination,
    /// each cell the path's measured microseconds for one second of audio,
    /// `-` where there is no path.
    static func translationTable(_ matrix: TranslationMatrix) -> String {
        let formats = matrix.formats
        let width = max(8, (formats.map(\.name.count).max() ?? 0) + 1)
        var out = "         Translation times between formats (in microseconds) for one second of data\n"
        out += "          Source Format (Rows) Destination Format (Columns)\n\n"
        out += String(repeating: " ", count: width)
        for destination in formats { out += pad(destination.name, width) }
        out += "\n"
        for source in formats {
            out += pad(source.name, width)
            for destination in formats {
                let cell: String
                if source == destination {
                    cell = "-"
                } else if let path = matrix.path(from: source, to: destination) {
                    cell = String(path.cpuMicroseconds)
                } else {
                    cell = "-"
                }
                out += pad(cell, width)
            }
            out += "\n"
        }
        return out
    }

    static func codecList(_ matrix: TranslationMatrix) -> String {
        let usable = Set(matrix.formats)
        var out = "Disclaimer: this command is for informational purposes only.\n"
        out += "\tIt does not indicate anything about your configuration.\n"
        out += pad("ID", 8) + pad("TYPE", 8) + pad("NAME", 10) + pad("FORMAT", 10) + pad("RATE", 8) + pad("RTP", 16) + "DESCRIPTION\n"
        out += String(repeating: "-", count: 80) + "\n"
        for (index, format) in AudioFormat.known.enumerated() {
            let rtp = format.offerPayloadType.map { "\($0) \(format.rtpmap)" } ?? "(none)"
            let state = usable.contains(format) ? "" : " (no translator loaded)"
            out += pad(String(index + 1), 8) + pad("audio", 8) + pad(format.name, 10) + pad(format.name, 10)
                + pad(String(format.sampleRate), 8) + pad(rtp, 16) + "(\(format.encodingName))\(state)\n"
        }
        return out
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
