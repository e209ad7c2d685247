/// `module show [like X]`, `module load|unload|reload X` and `core reload`,
/// with Asterisk's wording and columns.
public enum ModuleCommands {
    public static func register(_ registry: ModuleRegistry, in commands: CommandTree) {
        commands.register(CLICommand("module show", summary: "List modules and info", arguments: [.choice(["like"])]) { arguments in
            let filter = arguments.first == "like" ? arguments.dropFirst().first : nil
            return show(registry.rows(like: filter))
        })
        commands.register(CLICommand("module load", summary: "Load a module by name", arguments: [.values { registry.available.map(\.name).filter { !registry.isLoaded($0) } }]) { arguments in
            guard let name = arguments.first else { return .failure("Usage: module load <module name>\n") }
            switch await registry.load(name) {
            case .success: return .ok("Loaded \(name)\n")
            case .failure(let error): return .failure("Unable to load module \(name): \(error)\n")
            }
        })
        commands.register(CLICommand("module unload", summary: "Unload a module by name", arguments: [.values { registry.loadedNames }]) { arguments in
            guard let name = arguments.last, !name.hasPrefix("-") else { return .failure("Usage: module unload [-f] <module name>\n") }
            switch await registry.unload(name, force: arguments.first == "-f") {
            case .success: return .ok("Unloaded \(name)\n")
            case .failure(let error): return .failure("Unable to unload resource \(name): \(error)\n")
            }
        })
        commands.register(CLICommand("module reload", summary: "Reload configuration for a module", arguments: [.values { registry.loadedNames }]) { arguments in
            await registry.reload(arguments.first ?? nil)
        })
        commands.register(CLICommand("core reload", summary: "Global reload") { _ in
            await registry.reload(nil)
        })
    }

    static func show(_ rows: [(name: String, description: String, useCount: Int)]) -> CLIResult {
        let nameWidth = max(30, (rows.map(\.name.count).max() ?? 0) + 1)
        let descriptionWidth = max(40, (rows.map(\.description.count).max() ?? 0) + 1)
        var text = "Module".padding(to: nameWidth) + " " + "Description".padding(to: descriptionWidth) + " Use Count  Status\n"
        for row in rows {
            text += row.name.padding(to: nameWidth) + " " + row.description.padding(to: descriptionWidth) + " "
                + String(row.useCount).padding(to: 10) + " Running\n"
        }
        text += "\(rows.count) modules loaded\n"
        return .ok(text)
    }
}
