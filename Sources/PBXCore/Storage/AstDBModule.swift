import Foundation

/// The astdb and its console commands (`database show|put|get|del|deltree`),
/// with Asterisk's wording: `database get` prints `Value: X`.
public final class AstDBModule: PBXModule {
    public static let descriptor = ModuleDescriptor(
        name: "res_astdb", description: "Asterisk database (astdb)"
    ) { context in
        let pbx = context.pbx
        try? FileManager.default.createDirectory(atPath: pbx.directories.data, withIntermediateDirectories: true)
        let path = pbx.directories.data + "/astdb.sqlite3"
        do {
            let database = try AstDB(path: path)
            return AstDBModule(pbx: pbx, database: database)
        } catch {
            throw ModuleLoadError("astdb \(path): \(error)")
        }
    }

    public let database: AstDB
    private let pbx: PBX
    static let commandNames = ["database show", "database put", "database get", "database del", "database deltree"]

    private init(pbx: PBX, database: AstDB) {
        self.pbx = pbx
        self.database = database
        registerCommands()
    }

    private func registerCommands() {
        let database = self.database
        pbx.commands.register(CLICommand("database show", summary: "Shows database contents") { arguments in
            Self.show(database, arguments)
        })
        pbx.commands.register(CLICommand("database put", summary: "Adds/updates database value") { arguments in
            guard arguments.count >= 3 else { return .failure("Usage: database put <family> <key> <value>\n") }
            do {
                try database.put(family: arguments[0], key: arguments[1], value: arguments[2...].joined(separator: " "))
                return .ok("Updated database successfully\n")
            } catch {
                return .failure("Failed to update entry: \(error)\n")
            }
        })
        pbx.commands.register(CLICommand("database get", summary: "Gets database value") { arguments in
            guard arguments.count == 2 else { return .failure("Usage: database get <family> <key>\n") }
            guard let value = try? database.get(family: arguments[0], key: arguments[1]) else {
                return .failure("Database entry not found.\n")
            }
            return .ok("Value: \(value)\n")
        })
        pbx.commands.register(CLICommand("database del", summary: "Removes database key/value") { arguments in
            guard arguments.count == 2 else { return .failure("Usage: database del <family> <key>\n") }
            guard (try? database.delete(family: arguments[0], key: arguments[1])) == true else {
                return .failure("Database entry does not exist.\n")
            }
            return .ok("Database entry removed.\n")
        })
        pbx.commands.register(CLICommand("database deltree", summary: "Removes database keytree/values") { arguments in
            guard (1...2).contains(arguments.count) else { return .failure("Usage: database deltree <family> [keytree]\n") }
            let removed = (try? database.deleteTree(family: arguments[0], keyTree: arguments.count > 1 ? arguments[1] : nil)) ?? 0
            return removed > 0 ? .ok("\(removed) database entries removed.\n") : .failure("Database entries do not exist.\n")
        })
    }

    /// `/family/key` padded to 50, `: `, the value; then the count.
    static func show(_ database: AstDB, _ arguments: [String]) -> CLIResult {
        guard arguments.count <= 2, let entries = try? database.entries(family: arguments.first, keyTree: arguments.count > 1 ? arguments[1] : nil) else {
            return .failure("Usage: database show [family [keytree]]\n")
        }
        var output = ""
        for entry in entries {
            output += entry.key.padding(to: 50) + ": " + entry.value + "\n"
        }
        output += "\(entries.count) result\(entries.count == 1 ? "" : "s") found.\n"
        return .ok(output)
    }

    public func unload() async {
        for name in Self.commandNames { pbx.commands.unregister(name) }
    }
}
