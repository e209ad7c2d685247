import PBXCore

/// sip.conf read into settings and peers. A bad value is reported with its
/// file, line and text and skipped; everything else still loads.
public struct SIPConfiguration: Sendable {
    public var settings = SIPSettings()
    public var peers: [String: SIPPeer] = [:]
    public var errors: [ConfigError] = []
    /// Keys this build does not know: logged as notices, as Asterisk does.
    public var notices: [ConfigError] = []

    public init() {}

    public init(file: ConfigFile) {
        errors = file.errors
        if let general = file.section("general") { readGeneral(general) }
        settings.udpBindAddresses = SIPConfiguration.withFamilyWildcards(settings.udpBindAddresses, port: settings.bindPort)
        if settings.tcpEnabled {
            settings.tcpBindAddresses = SIPConfiguration.withFamilyWildcards(settings.tcpBindAddresses, port: settings.bindPort)
        }
        for section in file.sections where section.name.lowercased() != "general" && section.name.lowercased() != "authentication" {
            readPeer(section)
        }
    }

    private mutating func readGeneral(_ section: ConfigSection) {
        var explicitPorts: [Bool] = []
        for entry in section.entries {
            switch entry.key.lowercased() {
            case "bindaddr", "udpbindaddr":
                if let address = bindAddress(entry) {
                    settings.udpBindAddresses.append(address)
                    explicitPorts.append(address.port != nil)
                }
            case "tcpbindaddr":
                if let address = bindAddress(entry) { settings.tcpBindAddresses.append(address) }
            case "bindport":
                if let port = integer(entry, in: 1...65535) { settings.bindPort = port }
            case "tcpenable": settings.tcpEnabled = boolean(entry)
            case "context": settings.context = entry.value
            case "allowguest": settings.allowGuest = boolean(entry)
            case "allow", "disallow": notices += SIPConfiguration.applyFormats(entry, to: &settings.formats)
            case "realm": settings.realm = entry.value
            case "digestalgorithms":
                let names = entry.value.split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
                let algorithms = names.compactMap { DigestAlgorithm(name: $0) }
                if algorithms.count == names.count, !algorithms.isEmpty {
                    settings.digestAlgorithms = algorithms
                } else {
                    errors.append(ConfigError(location: entry.location, value: entry.value, message: "digestalgorithms takes SHA-256 and/or MD5"))
                }
            case "alwaysauthreject": settings.alwaysAuthReject = boolean(entry)
            case "useragent": settings.userAgent = entry.value
            case "minexpiry": if let n = integer(entry, in: 1...86400) { settings.minExpiry = n }
            case "maxexpiry": if let n = integer(entry, in: 1...86400) { settings.maxExpiry = n }
            case "defaultexpiry": if let n = integer(entry, in: 1...86400) { settings.defaultExpiry = n }
            case "dtmfmode": settings.dtmfMode = entry.value
            case "rtptimeout": if let n = integer(entry, in: 0...86400) { settings.rtpTimeout = n }
            case "srvlookup", "directmedia", "qualify", "nat", "language", "transport":
                break
            default:
                notices.append(ConfigError(location: entry.location, value: entry.key, message: "unknown sip.conf key"))
            }
        }
        // A bindaddr without a port takes bindport, whichever line came first.
        for (index, hadPort) in explicitPorts.enumerated() where !hadPort {
            settings.udpBindAddresses[index] = settings.udpBindAddresses[index].withPort(settings.bindPort)
        }
        settings.tcpBindAddresses = settings.tcpBindAddresses.map { $0.port == nil ? $0.withPort(settings.bindPort) : $0 }
    }

    private mutating func readPeer(_ section: ConfigSection) {
        var peer = SIPPeer(name: section.name, context: settings.context, formats: settings.formats)
        peer.location = section.location
        // `port` may come before `host` (or from a template): applied last.
        var port: Int?
        for entry in section.entries {
            switch entry.key.lowercased() {
            case "type":
                guard let kind = SIPPeer.Kind(rawValue: entry.value.lowercased()) else {
                    errors.append(ConfigError(location: entry.location, value: entry.value, message: "type must be friend, peer or user"))
                    continue
                }
                peer.kind = kind
            case "host":
                if entry.value.lowercased() == "dynamic" {
                    peer.host = .dynamic
                } else {
                    do {
                        peer.host = .fixed(try HostPort(parsing: entry.value))
                    } catch {
                        errors.append(ConfigError(location: entry.location, value: entry.value, message: "bad host: \(error.reason)"))
                    }
                }
            case "port":
                if let value = integer(entry, in: 1...65535) { port = value }
            case "secret": peer.secret = entry.value
            case "md5secret": peer.md5secret = entry.value.lowercased()
            case "context": peer.context = entry.value
            case "callerid": peer.callerID = CallerID(parsing: entry.value)
            case "allow", "disallow": notices += SIPConfiguration.applyFormats(entry, to: &peer.formats)
            case "mailbox": peer.mailbox = entry.value
            case "transport": peer.transports = entry.value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: " ") }
            case "qualify": qualify(entry, into: &peer)
            case "qualifyfreq": if let seconds = integer(entry, in: 1...86400) { peer.qualifyFrequency = seconds }
            case "dtmfmode": peer.dtmfMode = entry.value
            case "directmedia", "nat", "permit", "deny", "username", "defaultuser", "fromuser", "fromdomain", "language",
                 "insecure", "canreinvite", "description":
                break
            default:
                notices.append(ConfigError(location: entry.location, value: entry.key, message: "unknown sip.conf key"))
            }
        }
        if let port, case .fixed(let host) = peer.host { peer.host = .fixed(host.withPort(port)) }
        peers[peer.name] = peer
    }

    /// With no bind address for a family, that family's wildcard on `port`
    /// is bound too (none at all: `0.0.0.0` and `[::]`).
    private static func withFamilyWildcards(_ addresses: [HostPort], port: Int) -> [HostPort] {
        let families = Set(addresses.compactMap(\.family))
        var result = addresses
        if !families.contains(.ipv4) { result.append(HostPort(address: .anyIPv4, port: port)) }
        if !families.contains(.ipv6) { result.append(HostPort(address: .anyIPv6, port: port)) }
        return result
    }

    private mutating func bindAddress(_ entry: ConfigEntry) -> HostPort? {
        do {
            let address = try HostPort(parsing: entry.value)
            guard address.address != nil else {
                errors.append(ConfigError(location: entry.location, value: entry.value, message: "\(entry.key) needs an IP address"))
                return nil
            }
            return address
        } catch {
            errors.append(ConfigError(location: entry.location, value: entry.value, message: "bad \(entry.key): \(error.reason)"))
            return nil
        }
    }

    /// `qualify=yes|no|<ms>`: a number is the longest acceptable round trip
    /// and turns qualifying on (0 turns it off).
    private mutating func qualify(_ entry: ConfigEntry, into peer: inout SIPPeer) {
        let value = entry.value.lowercased()
        if let milliseconds = Int(value) {
            guard milliseconds >= 0 else {
                errors.append(ConfigError(location: entry.location, value: entry.value, message: "qualify takes yes, no or milliseconds"))
                return
            }
            peer.qualify = milliseconds > 0
            if milliseconds > 0 { peer.qualifyMaxLatency = milliseconds }
        } else if ["yes", "true", "y", "t", "on"].contains(value) {
            peer.qualify = true
            peer.qualifyMaxLatency = SIPPeer.defaultQualifyMaxLatency
        } else if ["no", "false", "n", "f", "off"].contains(value) {
            peer.qualify = false
        } else {
            errors.append(ConfigError(location: entry.location, value: entry.value, message: "qualify takes yes, no or milliseconds"))
        }
    }

    private mutating func integer(_ entry: ConfigEntry, in range: ClosedRange<Int>) -> Int? {
        guard let value = Int(entry.value), range.contains(value) else {
            errors.append(ConfigError(location: entry.location, value: entry.value, message: "\(entry.key) must be a number in \(range.lowerBound)...\(range.upperBound)"))
            return nil
        }
        return value
    }

    private func boolean(_ entry: ConfigEntry) -> Bool {
        ["yes", "true", "y", "t", "1", "on"].contains(entry.value.lowercased())
    }

    private static func applyFormats(_ entry: ConfigEntry, to formats: inout FormatSet) -> [ConfigError] {
        formats.apply(allow: entry.key.lowercased() == "allow", list: entry.value).map {
            ConfigError(location: entry.location, value: $0, message: "unknown codec")
        }
    }
}
