/// Removes comments from the text of a configuration file, as Asterisk does:
/// `;` to the end of the line, `\;` for a literal semicolon, and `;-- ... --;`
/// block comments, which may span lines and nest. `;---` (three dashes or
/// more) is an ordinary line comment, since files use it for separator lines.
enum ConfigCommentStripper {
    /// What is left of a file once its comments are gone.
    struct Output: Sendable, Equatable {
        /// The non-empty logical lines, in order.
        var lines: [ConfigTextLine]
        /// The line where a block comment began that the file never closes.
        var unclosedComment: ConfigTextLine?
    }

    static func strip(_ text: String) -> Output {
        var output = Output(lines: [], unclosedComment: nil)
        var depth = 0
        // Text on either side of a block comment joins into one logical line,
        // numbered by the line where its first text stood.
        var pending = ""
        var pendingNumber = 0

        var body = Substring(text)
        if body.first == "\u{FEFF}" {
            body = body.dropFirst()
        }
        let physicalLines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, raw) in physicalLines.enumerated() {
            let number = index + 1
            let characters = Array(raw)
            var kept = ""
            var position = 0
            scan: while position < characters.count {
                if depth > 0 {
                    if closesBlock(characters, at: position) {
                        depth -= 1
                        position += 3
                    } else if opensBlock(characters, at: position) {
                        depth += 1
                        position += 3
                    } else {
                        position += 1
                    }
                    continue
                }
                let character = characters[position]
                if character == "\\", position + 1 < characters.count, characters[position + 1] == ";" {
                    kept.append(";")
                    position += 2
                } else if character == ";" {
                    guard opensBlock(characters, at: position) else { break scan }
                    depth = 1
                    output.unclosedComment = ConfigTextLine(number: number, text: ConfigLineParser.trimmed(raw))
                    position += 3
                } else {
                    kept.append(character)
                    position += 1
                }
            }

            if ConfigLineParser.trimmed(pending).isEmpty {
                pending = ""
                pendingNumber = number
            }
            pending += kept
            if depth == 0 {
                output.unclosedComment = nil
                let line = ConfigLineParser.trimmed(pending)
                if !line.isEmpty {
                    output.lines.append(ConfigTextLine(number: pendingNumber, text: line))
                }
                pending = ""
            }
        }
        return output
    }

    /// `;--` not followed by another dash.
    private static func opensBlock(_ characters: [Character], at position: Int) -> Bool {
        guard position + 2 < characters.count,
              characters[position] == ";", characters[position + 1] == "-", characters[position + 2] == "-"
        else { return false }
        return position + 3 >= characters.count || characters[position + 3] != "-"
    }

    /// `--;`
    private static func closesBlock(_ characters: [Character], at position: Int) -> Bool {
        position + 2 < characters.count
            && characters[position] == "-" && characters[position + 1] == "-" && characters[position + 2] == ";"
    }
}
