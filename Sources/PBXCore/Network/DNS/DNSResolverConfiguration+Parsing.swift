extension DNSResolverConfiguration {
    /// The C library's upper bounds for `options timeout:` and `attempts:`.
    private static let maximumTimeoutSeconds = 30
    private static let maximumAttempts = 5

    /// Reads the text of a resolv.conf and a hosts file.
    ///
    /// resolv.conf: `nameserver ADDRESS` lines (IPv4, or IPv6 with an
    /// optional `%zone`), at most three; `options timeout:N attempts:N`.
    /// `search`, `domain`, `sortlist` and other options are ignored. With no
    /// usable nameserver, 127.0.0.1 is used.
    ///
    /// hosts: `ADDRESS NAME [ALIAS...]`, `#` starts a comment; a name on
    /// several lines collects every address, in file order.
    ///
    /// The names only label notices (`resolv.conf:3: not an IP address '300.1.1.1'`).
    public init(resolvConf: String, hostsFile: String,
                resolvConfName: String = "resolv.conf", hostsName: String = "hosts") {
        var notices: [Notice] = []
        var nameservers: [HostPort] = []
        var timeout = DNSResolverConfiguration.defaultTimeout
        var attempts = DNSResolverConfiguration.defaultAttempts
        for (number, words) in DNSResolverConfiguration.lines(resolvConf, commentMarkers: ["#", ";"]) {
            let location = SourceLocation(file: resolvConfName, line: number)
            switch words[0] {
            case "nameserver":
                guard words.count >= 2 else {
                    notices.append(Notice(location: location, value: words[0], reason: "nameserver without an address"))
                    continue
                }
                guard let address = IPAddress(words[1]) else {
                    notices.append(Notice(location: location, value: words[1], reason: "not an IP address"))
                    continue
                }
                guard nameservers.count < DNSResolverConfiguration.maximumNameservers else {
                    notices.append(Notice(location: location, value: words[1],
                                          reason: "more than \(DNSResolverConfiguration.maximumNameservers) nameservers, ignored"))
                    continue
                }
                nameservers.append(HostPort(address: address, port: DNSResolverConfiguration.dnsPort))
            case "options":
                for option in words.dropFirst() {
                    if let seconds = DNSResolverConfiguration.optionValue(option, name: "timeout") {
                        timeout = .seconds(min(max(seconds, 1), DNSResolverConfiguration.maximumTimeoutSeconds))
                    } else if let count = DNSResolverConfiguration.optionValue(option, name: "attempts") {
                        attempts = min(max(count, 1), DNSResolverConfiguration.maximumAttempts)
                    }
                }
            default:
                continue
            }
        }
        if nameservers.isEmpty {
            nameservers = [HostPort(address: .v4(0x7F00_0001), port: DNSResolverConfiguration.dnsPort)]
        }
        let (hosts, hostsNotices) = DNSResolverConfiguration.parseHosts(hostsFile, file: hostsName)
        self.init(nameservers: nameservers, hosts: hosts, timeout: timeout, attempts: attempts,
                  notices: notices + hostsNotices)
    }

    /// The names and addresses of a hosts file, and the lines skipped.
    public static func parseHosts(_ text: String, file: String = "hosts") -> (hosts: [String: [IPAddress]], notices: [Notice]) {
        var hosts: [String: [IPAddress]] = [:]
        var notices: [Notice] = []
        for (number, words) in lines(text, commentMarkers: ["#"]) {
            let location = SourceLocation(file: file, line: number)
            guard let address = IPAddress(words[0]) else {
                notices.append(Notice(location: location, value: words[0], reason: "not an IP address"))
                continue
            }
            guard words.count >= 2 else {
                notices.append(Notice(location: location, value: words[0], reason: "address without a name"))
                continue
            }
            for name in words.dropFirst() {
                let key = DNSMessage.normalizedName(name)
                if hosts[key]?.contains(address) != true {
                    hosts[key, default: []].append(address)
                }
            }
        }
        return (hosts, notices)
    }

    /// The non-empty lines of a file as words, with their 1-based numbers;
    /// a comment runs from its marker to the end of the line.
    private static func lines(_ text: String, commentMarkers: Set<Character>) -> [(Int, [String])] {
        var result: [(Int, [String])] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.prefix { !commentMarkers.contains($0) }
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if !words.isEmpty { result.append((index + 1, words)) }
        }
        return result
    }

    /// N of `name:N`, when the option is that one and N is a number.
    private static func optionValue(_ option: String, name: String) -> Int? {
        guard option.hasPrefix(name + ":") else { return nil }
        return Int(option.dropFirst(name.count + 1))
    }
}
