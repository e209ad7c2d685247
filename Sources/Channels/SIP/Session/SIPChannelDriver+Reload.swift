import PBXCore

extension SIPChannelDriver {
    /// `sip reload`: re-reads sip.conf. A file with errors changes nothing
    /// (the running configuration stays and the errors are listed); a good
    /// one replaces peers and settings while calls and registrations of
    /// peers that remain carry on. Sockets stay as bound: a changed
    /// `bindaddr` needs `module unload chan_sip` and `module load chan_sip`.
    func reloadConfiguration() async -> CLIResult {
        let path = pbx.directories.config + "/sip.conf"
        let file = ConfigFile.load(path: path)
        let configuration = SIPConfiguration(file: file)
        var output = configuration.errors.map { "\($0)\n" }.joined()
        for error in configuration.errors { pbx.logger.warning("\(error)") }
        guard configuration.errors.isEmpty else {
            output += "SIP not reloaded: \(path) has errors; keeping the previous configuration.\n"
            return .failure(output)
        }
        for notice in configuration.notices { pbx.logger.notice("\(notice)") }
        directory.replacePeers(configuration.peers)
        await stack.replaceSettings(configuration.settings)
        replaceConfiguration(configuration)
        let current = boundSettings
        if configuration.settings.udpBindAddresses != current.udpBindAddresses
            || configuration.settings.tcpBindAddresses != current.tcpBindAddresses
            || configuration.settings.tcpEnabled != current.tcpEnabled {
            output += "Note: bind addresses changed; they take effect when chan_sip is unloaded and loaded again.\n"
        }
        output += "SIP reloaded: \(configuration.peers.count) \(configuration.peers.count == 1 ? "peer" : "peers").\n"
        pbx.logger.info("Reloaded \(path): \(configuration.peers.count) peers")
        return .ok(output)
    }
}
