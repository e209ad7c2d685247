import PBXCore

/// `dialplan show [CONTEXT]` in Asterisk's layout.
public enum DialplanShow {
    /// The listing of every context, or of the one named.
    public static func render(_ dialplan: Dialplan, context filter: String? = nil) -> CLIResult {
        let contexts = filter.map { name in dialplan.contexts.filter { $0.name == name } } ?? dialplan.contexts
        if let filter, contexts.isEmpty {
            return .failure("There is no existence of '\(filter)' context\n")
        }
        var output = ""
        var extensionCount = 0
        var priorityCount = 0
        for context in contexts {
            output += "[ Context '\(context.name)' created by 'pbx_config' ]\n"
            for exten in context.extensions {
                extensionCount += 1
                for (index, priority) in exten.priorities.enumerated() {
                    priorityCount += 1
                    let head: String
                    if index == 0 {
                        head = "'\(exten.name)' =>"
                    } else {
                        head = priority.label.map { "    [\($0)]" } ?? ""
                    }
                    let body = "\(priority.number). \(priority.application)(\(priority.data))"
                    output += line(head, body, registrar(priority.location))
                }
            }
            for include in context.includes {
                output += "  Include =>        " + "'\(include)'".padding(to: 45) + " [pbx_config]\n"
            }
            output += "\n"
        }
        output += "-= \(extensionCount) \(extensionCount == 1 ? "extension" : "extensions") "
            + "(\(priorityCount) \(priorityCount == 1 ? "priority" : "priorities")) "
            + "in \(contexts.count) \(contexts.count == 1 ? "context" : "contexts"). =-\n"
        return .ok(output)
    }

    private static func line(_ head: String, _ body: String, _ registrar: String) -> String {
        "  " + head.padding(to: 17) + " " + body.padding(to: 45) + " [" + registrar + "]\n"
    }

    /// `extensions.conf:5`: the file's last path component and the line.
    private static func registrar(_ location: SourceLocation?) -> String {
        guard let location else { return "pbx_config" }
        let file = location.file.split(separator: "/").last.map(String.init) ?? location.file
        return "\(file):\(location.line)"
    }
}
