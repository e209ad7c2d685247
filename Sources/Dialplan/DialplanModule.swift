import Logging
import PBXCore

/// The dialplan module (`pbx_config`): loads extensions.conf, installs the
/// runner as the PBX's call router, and registers `dialplan show` and
/// `dialplan reload`. Application modules (`app_voicemail`) add their
/// applications to `applications`.
public final class DialplanModule: PBXModule {
    public static let descriptor = ModuleDescriptor(
        name: "pbx_config", description: "Text Extension Configuration"
    ) { context in
        let (module, errors) = DialplanModule.load(pbx: context.pbx)
        for error in errors { context.pbx.logger.error("\(error)") }
        return module
    }

    public let runner: DialplanRunner
    public let applications: ApplicationRegistry
    public let store: DialplanStore
    let path: String
    let pbx: PBX

    private init(pbx: PBX, path: String, runner: DialplanRunner, applications: ApplicationRegistry, store: DialplanStore) {
        self.pbx = pbx
        self.path = path
        self.runner = runner
        self.applications = applications
        self.store = store
    }

    /// Loads `extensions.conf` from the configuration directory. The errors
    /// are returned for the caller to report; the good lines are in use either way.
    public static func load(pbx: PBX) -> (module: DialplanModule, errors: [ConfigError]) {
        let path = pbx.directories.config + "/extensions.conf"
        let (dialplan, errors) = DialplanLoader.load(path: path)
        pbx.logger.info("Loaded \(path): \(summary(of: dialplan))")

        let store = DialplanStore(dialplan)
        let applications = ApplicationRegistry.standard()
        applications.register(DialApplication(drivers: pbx.drivers, channels: pbx.channels))
        let runner = DialplanRunner(pbx: pbx, applications: applications, store: store)
        pbx.install(router: runner)

        pbx.commands.register(CLICommand("dialplan show", summary: "Displays all or part of the dialplan",
                                         arguments: [.values { store.current.contexts.map(\.name) }]) { arguments in
            DialplanShow.render(store.current, context: arguments.first)
        })
        pbx.commands.register(CLICommand("dialplan reload", summary: "Reload extensions and *only* extensions") { _ in
            reload(path: path, into: store, logger: pbx.logger)
        })
        return (DialplanModule(pbx: pbx, path: path, runner: runner, applications: applications, store: store), errors)
    }

    /// Calls running a dialplan keep their snapshot; nothing holds the module.
    public var useCount: Int { 0 }

    public func reload() async -> CLIResult {
        Self.reload(path: path, into: store, logger: pbx.logger)
    }

    /// Removes the commands `load` registered and stops routing new calls.
    /// Calls in progress keep running on the snapshot they started with.
    public func unload() async {
        pbx.commands.unregister("dialplan show")
        pbx.commands.unregister("dialplan reload")
        pbx.uninstallRouter()
    }

    /// Re-reads `path` into `store`. A file whose errors leave no context at
    /// all does not replace a dialplan that has some.
    public static func reload(path: String, into store: DialplanStore, logger: Logger) -> CLIResult {
        let (dialplan, errors) = DialplanLoader.load(path: path)
        var output = errors.map { "\($0)\n" }.joined()
        for error in errors {
            logger.warning("\(error)")
        }
        if dialplan.isEmpty && !errors.isEmpty && !store.current.isEmpty {
            output += "Dialplan not reloaded: \(path) has errors and no contexts; keeping the previous dialplan.\n"
            return .failure(output)
        }
        store.replace(with: dialplan)
        output += "Dialplan reloaded: \(summary(of: dialplan)).\n"
        return .ok(output)
    }

    static func summary(of dialplan: Dialplan) -> String {
        let extensions = dialplan.extensionCount
        let priorities = dialplan.priorityCount
        let contexts = dialplan.contexts.count
        return "\(extensions) \(extensions == 1 ? "extension" : "extensions") "
            + "(\(priorities) \(priorities == 1 ? "priority" : "priorities")) "
            + "in \(contexts) \(contexts == 1 ? "context" : "contexts")"
    }
}
