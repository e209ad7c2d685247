import Foundation
import PBXCore

extension SIPChannelDriver {
    /// The `sip ...` commands, laid out in Asterisk's columns.
    func registerCommands() {
        let commands = pbx.commands
        commands.register(CLICommand("sip show peers", summary: "List defined SIP peers") { [self] _ in
            .ok(showPeers())
        })
        commands.register(CLICommand("sip show peer", summary: "Show details on specific SIP peer",
                                     arguments: [.values { [directory] in directory.peers.map(\.name) }]) { [self] arguments in
            guard let name = arguments.first, let peer = directory.peer(named: name) else {
                return .failure("Peer \(arguments.first ?? "") not found.\n")
            }
            return .ok(showPeer(peer))
        })
        commands.register(CLICommand("sip show settings", summary: "Show SIP global settings") { [self] _ in
            .ok(showSettings())
        })
        commands.register(CLICommand("sip show channels", summary: "List active SIP channels") { [self] _ in
            .ok(await showChannels())
        })
        commands.register(CLICommand("sip show channelstats", summary: "List statistics for active SIP channels") { [self] _ in
            .ok(await showChannelStats())
        })
        commands.register(CLICommand("sip show registry", summary: "List SIP registration status") { _ in
            .ok("Host                                    dnsmgr Username       Refresh State                Reg.Time\n0 SIP registrations.\n")
        })
        commands.register(CLICommand("sip set debug on", summary: "Enable SIP debugging") { [self] _ in
            debug.set(true)
            return .ok("SIP Debugging enabled\n")
        })
        commands.register(CLICommand("sip reload", summary: "Reload SIP configuration") { [self] _ in
            await reloadConfiguration()
        })
        commands.register(CLICommand("sip set debug off", summary: "Disable SIP debugging") { [self] _ in
            debug.set(false)
            return .ok("SIP Debugging Disabled\n")
        })
    }

    func showPeers() -> String {
        var out = "Name/username".padding(to: 26) + "Host".padding(to: 40) + "Dyn " + "Port".padding(to: 9) + "Status\n"
        var online = 0
        var monitoredOnline = 0
        var monitoredOffline = 0
        let peers = directory.peers
        for peer in peers {
            let binding = directory.bindings(of: peer.name).first
            let host: String
            let port: String
            switch (peer.host, binding) {
            case (_, .some(let binding)):
                host = binding.source.remoteHostPort.description
                port = "\(binding.source.remoteHostPort.port ?? 0)"
            case (.fixed(let fixed), nil):
                host = fixed.withPort(fixed.port ?? 5060).description
                port = "\(fixed.port ?? 5060)"
            case (.dynamic, nil):
                host = "(Unspecified)"
                port = "0"
            }
            let status = directory.status(of: peer.name)
            if status == .unmonitored {
                if binding != nil || !peer.isDynamic { online += 1 }
            } else if status.isOnline {
                monitoredOnline += 1
            } else {
                monitoredOffline += 1
            }
            let name = peer.secret != nil || peer.md5secret != nil ? "\(peer.name)/\(peer.name)" : peer.name
            out += name.padding(to: 26) + host.padding(to: 40) + (peer.isDynamic ? " D  " : "    ") + port.padding(to: 9)
            out += status.display + "\n"
        }
        let unmonitored = peers.count - monitoredOnline - monitoredOffline
        out += "\(peers.count) sip peers [Monitored: \(monitoredOnline) online, \(monitoredOffline) offline "
        out += "Unmonitored: \(online) online, \(unmonitored - online) offline]\n"
        return out
    }

    func showPeer(_ peer: SIPPeer) -> String {
        var out = "\n\n  * Name       : \(peer.name)\n"
        out += "  Secret       : \(peer.secret == nil ? "<Not set>" : "<Set>")\n"
        out += "  MD5Secret    : \(peer.md5secret == nil ? "<Not set>" : "<Set>")\n"
        out += "  Context      : \(peer.context)\n"
        out += "  Callerid     : \(peer.callerID?.description ?? "")\n"
        out += "  Mailbox      : \(peer.mailbox ?? "")\n"
        out += "  Dynamic      : \(peer.isDynamic ? "Yes" : "No")\n"
        let bindings = directory.bindings(of: peer.name)
        if bindings.isEmpty {
            out += "  Addr->IP     : (null)\n"
        }
        for binding in bindings {
            out += "  Addr->IP     : \(binding.source.remoteHostPort)\n"
            out += "  Reg. Contact : \(binding.contact)\n"
            out += "  Reg. Expires : \(binding.secondsLeft())\n"
            if let agent = binding.userAgent { out += "  Useragent    : \(agent)\n" }
        }
        out += "  Codecs       : (\(peer.formats.map(\.name).joined(separator: "|")))\n"
        out += "  Transport    : \(peer.transports.joined(separator: ","))\n"
        out += "  Qualify Freq : \(peer.qualifyFrequency * 1000) ms\n"
        out += "  Status       : \(directory.status(of: peer.name).display)\n"
        return out
    }

    func showSettings() -> String {
        let settings = configuration.settings
        var out = "\n\nGlobal Settings:\n----------------\n"
        for socket in sockets.sockets {
            out += "  UDP Bindaddress:        \(socket.bound)\n"
        }
        for failure in bindFailures {
            out += "  UDP Bindaddress:        \(failure.address) (not bound: \(failure.reason))\n"
        }
        out += "  TCP SIP Bindaddress:    \(settings.tcpEnabled ? stack.transport.tcpBindSummary : "Disabled")\n"
        out += "  Allow unknown access:   \(settings.allowGuest ? "Yes" : "No")\n"
        out += "  Always auth rejects:    \(settings.alwaysAuthReject ? "Yes" : "No")\n"
        out += "  Realm. auth:            \(settings.realm)\n"
        out += "  User Agent:             \(settings.userAgent)\n"
        out += "  Reg. min duration       \(settings.minExpiry) secs\n"
        out += "  Reg. max duration:      \(settings.maxExpiry) secs\n"
        out += "  Reg. default duration:  \(settings.defaultExpiry) secs\n"
        out += "  Context:                \(settings.context)\n"
        out += "  Codecs:                 (\(settings.formats.map(\.name).joined(separator: "|")))\n"
        return out
    }

    /// RTP counters per call, in the spirit of Asterisk's channelstats.
    func showChannelStats() async -> String {
        var out = "Peer".padding(to: 40) + "Call ID".padding(to: 24) + "Duration  " + "Recv: Pack  " + "Send: Pack\n"
        let channels = pbx.channels.channels.compactMap { $0 as? SIPChannel }
        for channel in channels {
            let stats = await channel.rtpStatistics()
            let seconds = Int(Date().timeIntervalSince(channel.record.created))
            let duration = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
            out += channel.remoteSignalling.description.padding(to: 40) + String(channel.callID.prefix(22)).padding(to: 24)
            out += duration.padding(to: 10) + String(format: "%010d  %010d", stats.packetsReceived, stats.packetsSent) + "\n"
        }
        out += "\(channels.count) active SIP channel\(channels.count == 1 ? "" : "s")\n"
        return out
    }

    func showChannels() async -> String {
        var out = "Peer".padding(to: 40) + "User/ANR".padding(to: 16) + "Call ID".padding(to: 24) + "Format".padding(to: 10) + "\n"
        let channels = pbx.channels.channels.compactMap { $0 as? SIPChannel }
        for channel in channels {
            out += channel.remoteSignalling.description.padding(to: 40) + channel.record.callerID.number.padding(to: 16)
            out += String(channel.callID.prefix(22)).padding(to: 24) + channel.formatName + "\n"
        }
        out += "\(channels.count) active SIP channel\(channels.count == 1 ? "" : "s")\n"
        return out
    }
}
