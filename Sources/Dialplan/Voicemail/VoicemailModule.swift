import Foundation
import Logging
import PBXCore

/// `app_voicemail`: reads voicemail.conf, opens the spool and its index,
/// registers `VoiceMail` and `VoiceMailMain` with the dialplan, publishes
/// every mailbox's counts for MWI, and adds `voicemail show users` and
/// `voicemail reload`.
public final class VoicemailModule: PBXModule {
    public static let descriptor = ModuleDescriptor(
        name: "app_voicemail", description: "Comedian Mail (Voicemail System)",
        dependencies: ["pbx_config"]
    ) { context in
        guard let dialplan = context.module("pbx_config", as: DialplanModule.self) else {
            throw ModuleLoadError("app_voicemail needs pbx_config")
        }
        return VoicemailModule.load(pbx: context.pbx, applications: dialplan.applications)
    }

    public let service: VoicemailService
    private let pbx: PBX
    private let applications: ApplicationRegistry
    static let commandNames = ["voicemail show users", "voicemail reload"]

    private init(pbx: PBX, applications: ApplicationRegistry, service: VoicemailService) {
        self.pbx = pbx
        self.applications = applications
        self.service = service
    }

    static func load(pbx: PBX, applications: ApplicationRegistry) -> VoicemailModule {
        let logger = pbx.logger
        let path = pbx.directories.config + "/voicemail.conf"
        let configuration = VoicemailConfiguration(file: ConfigFile.load(path: path))
        for error in configuration.errors { logger.error("\(error)") }
        for notice in configuration.notices { logger.notice("\(notice)") }
        let files = FileManager.default
        let spoolRoot = pbx.directories.spool + "/voicemail"
        try? files.createDirectory(atPath: spoolRoot, withIntermediateDirectories: true)
        try? files.createDirectory(atPath: pbx.directories.data, withIntermediateDirectories: true)
        let store = VoicemailStore(spoolRoot: spoolRoot, indexPath: pbx.directories.data + "/voicemail.sqlite3",
                                   mailboxes: pbx.mailboxes, logger: logger)
        let service = VoicemailService(configuration: configuration, configurationPath: path, store: store)
        let module = VoicemailModule(pbx: pbx, applications: applications, service: service)
        applications.register(VoiceMailApplication(service: service))
        applications.register(VoiceMailMainApplication(service: service))
        module.registerCommands()
        store.publish(configuration.users)
        logger.info("Loaded \(path): \(configuration.users.count) voicemail users")
        return module
    }

    private func registerCommands() {
        let service = self.service
        pbx.commands.register(CLICommand("voicemail show users", summary: "List defined voicemail boxes",
                                         arguments: [.values { ["for"] }]) { arguments in
            let context = arguments.count >= 2 && arguments[0] == "for" ? arguments[1] : nil
            return .ok(VoicemailModule.renderUsers(service.configuration.users, context: context) { user in
                service.store.counts(context: user.context, mailbox: user.mailbox).new
            })
        })
        pbx.commands.register(CLICommand("voicemail reload", summary: "Reload voicemail configuration") { [weak self] _ in
            await self?.reload() ?? .failure("app_voicemail is not loaded\n")
        })
    }

    /// Asterisk's table: Context, Mbox, User, Zone, NewMsg; then the count.
    static func renderUsers(_ users: [VoicemailUser], context: String?, newMessages: (VoicemailUser) -> Int) -> String {
        func row(_ values: (String, String, String, String, String)) -> String {
            let count = String(repeating: " ", count: max(0, 6 - values.4.count)) + values.4
            return "\(values.0.padding(to: 10)) \(values.1.padding(to: 5)) \(values.2.padding(to: 25)) \(values.3.padding(to: 10)) \(count)\n"
        }
        let shown = users.filter { context == nil || $0.context.lowercased() == context?.lowercased() }
        var output = row(("Context", "Mbox", "User", "Zone", "NewMsg"))
        for user in shown {
            output += row((user.context, user.mailbox, user.fullName, user.zone, String(newMessages(user))))
        }
        output += "\(shown.count) voicemail users configured.\n"
        return output
    }

    /// Re-reads voicemail.conf; a file with errors keeps the running configuration.
    public func reload() async -> CLIResult {
        let path = service.configurationPath
        let configuration = VoicemailConfiguration(file: ConfigFile.load(path: path))
        var output = configuration.errors.map { "\($0)\n" }.joined()
        for error in configuration.errors { pbx.logger.warning("\(error)") }
        guard configuration.errors.isEmpty else {
            output += "Voicemail not reloaded: \(path) has errors; keeping the previous configuration.\n"
            return .failure(output)
        }
        let removed = service.configuration.users.filter { old in !configuration.users.contains { $0.address == old.address } }
        for user in removed { pbx.mailboxes.remove(user.address) }
        service.replace(configuration)
        service.store.publish(configuration.users)
        output += "Voicemail reloaded: \(configuration.users.count) users.\n"
        return .ok(output)
    }

    public func unload() async {
        applications.unregister(named: "VoiceMail")
        applications.unregister(named: "VoiceMailMain")
        for name in Self.commandNames { pbx.commands.unregister(name) }
        for user in service.configuration.users { pbx.mailboxes.remove(user.address) }
    }
}
