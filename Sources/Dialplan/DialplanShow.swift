import PBXCore

/// `dialplan show [CONTEXT]` in Asterisk's layout.
public enum DialplanShow {
    /// The listing of every context, or of the one named; `EXTEN@CONTEXT`
    /// (either side may be empty) lists the extensions that match EXTEN.
    public static func render(_ dialplan: Dialplan, context filter: String? = nil) -> CLIResult {
        var contextName = filter
        var exten: String?
        if let filter, let at = filter.firstIndex(of: "@") {
            exten = String(filter[..<at])
            let name = String(filter[filter.index(after: at)...])
            contextName = name.isEmpty ? nil : name
        }
        let contexts = contextName.map { name in dialplan.contexts.filter { $0.name == name } } ?? dialplan.contexts
        if let contextName, contexts.isEmpty {
            return .failure("There is no existence of '\(contextName)' context\n")
        }
        let wanted = exten.flatMap { $0.isEmpty ? nil : $0 }
        func shown(_ context: Context) -> [Extension] {
            guard let wanted else { return context.extensions }
            return context.extensions.filter { $0.name == wanted || $0.matches(wanted) }
        }
        if let wanted, contexts.allSatisfy({ shown($0).isEmpty }) {
            return .failure("There is no existence of \(wanted)@\(contextName ?? "") extension\n")
        }
        var output = ""
        var extensionCount = 0
        var priorityCount = 0
        var contextCount = 0
        for context in contexts {
            let extensions = shown(context)
            // With an extension asked for, only the contexts that have it are listed.
            if wanted != nil && extensions.isEmpty { continue }
            contextCount += 1
            output += "[ Context '\(context.name)' created by 'pbx_config' ]\n"
            for exten in extensions {
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
            for include in context.includes where wanted == nil {
                output += "  Include =>        " + "'\(include)'".padding(to: 45) + " [pbx_config]\n"
            }
            output += "\n"
        }
        output += "-= \(extensionCount) \(extensionCount == 1 ? "extension" : "extensions") "
            + "(\(priorityCount) \(priorityCount == 1 ? "priority" : "priorities")) "
            + "in \(contextCount) \(contextCount == 1 ? "context" : "contexts"). =-\n"
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
