/// `swiftpbx` flags, parsed as Asterisk's `asterisk` parses them: single
/// letters that may be bundled (`-vvvc`, `-rx "cmd"`).
struct CommandLineOptions: Equatable {
    enum Mode: Equatable {
        case foreground
        case console
        case remoteConsole
        case remoteCommand(String)
        case help
        case version
    }

    var mode: Mode = .foreground
    var configDirectory: String?
    var verbosity = 0

    struct UsageError: Error, CustomStringConvertible {
        let description: String
    }

    static let usage = """
        Usage: swiftpbx [-c|-f|-r|-rx "command"] [-C dir] [-v...]
          -c          start the PBX with a console on this terminal
          -f          start in the foreground, log to stderr, no console
          -r          attach a console to the running PBX
          -rx "CMD"   run one console command on the running PBX and exit
          -C DIR      configuration directory (default ./configs, else /etc/swiftpbx)
          -v          more verbose (repeat for more)
          -V          print the version
          -h          this help

        """

    init(arguments: [String]) throws(UsageError) {
        var index = 0
        var remote = false
        var command: String?
        var console = false
        var foreground = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("-"), argument.count > 1 else {
                throw UsageError(description: "unexpected argument '\(argument)'")
            }
            var letters = argument.dropFirst()
            while let letter = letters.first {
                letters = letters.dropFirst()
                switch letter {
                case "c": console = true
                case "f", "F": foreground = true
                case "r", "R": remote = true
                case "v": verbosity += 1
                case "h": mode = .help; return
                case "V": mode = .version; return
                case "x", "C":
                    let value: String
                    if !letters.isEmpty {
                        value = String(letters)
                        letters = ""
                    } else if index < arguments.count {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw UsageError(description: "-\(letter) needs a value")
                    }
                    if letter == "x" { command = value; remote = true } else { configDirectory = value }
                default:
                    throw UsageError(description: "unknown option -\(letter)")
                }
            }
        }
        if let command {
            mode = .remoteCommand(command)
        } else if remote {
            mode = .remoteConsole
        } else if console {
            mode = .console
        } else {
            _ = foreground
            mode = .foreground
        }
    }
}
