import Foundation
import PBXCore

/// swiftpbx.conf `[directories]`: where spool, data, sounds, the control
/// socket and logs live. Relative paths are taken from the start directory.
enum DirectoriesLoader {
    static func load(configDirectory: String) -> (PBXDirectories, [ConfigError]) {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : cwd + "/" + path
        }
        let config = absolute(configDirectory)
        var directories = PBXDirectories(config: config, spool: absolute("spool"), data: absolute("data"),
                                         sounds: absolute("sounds"), run: absolute("run"), log: absolute("log"))
        let file = ConfigFile.load(path: config + "/swiftpbx.conf")
        var errors = file.errors.filter { !$0.message.contains("cannot") || FileManager.default.fileExists(atPath: file.path) }
        if let section = file.section("directories") {
            for entry in section.entries {
                let value = absolute(entry.value)
                switch entry.key.lowercased() {
                case "spooldir", "astspooldir": directories.spool = value
                case "datadir", "astdatadir", "astdbdir": directories.data = value
                case "sounddir": directories.sounds = value
                case "rundir", "astrundir": directories.run = value
                case "logdir", "astlogdir": directories.log = value
                default: errors.append(ConfigError(location: entry.location, value: entry.key, message: "unknown [directories] key"))
                }
            }
        }
        return (directories, errors)
    }

    /// `-C DIR`, else `./configs` if it exists, else `/etc/swiftpbx`.
    static func defaultConfigDirectory() -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: "configs", isDirectory: &isDirectory), isDirectory.boolValue {
            return "configs"
        }
        return "/etc/swiftpbx"
    }
}
