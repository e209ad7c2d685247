import PBXCore

/// Why an SDP body was refused (the INVITE gets 488 or 400).
public struct SDPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

extension SessionDescription {
    public init(parsing bytes: [UInt8]) throws(SDPParseError) {
        self.init()
        let text = String(decoding: bytes, as: UTF8.self)
        var sawVersion = false
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmedWhitespace
            guard line.count >= 2, line[line.index(after: line.startIndex)] == "=" else {
                if line.isEmpty { continue }
                throw SDPParseError(reason: "bad SDP line '\(line)'")
            }
            let kind = line.first
            let value = line.dropFirst(2)
            switch kind {
            case "v":
                guard value == "0" else { throw SDPParseError(reason: "unsupported SDP version '\(value)'") }
                sawVersion = true
            case "o":
                let parts = value.split(separator: " ")
                guard parts.count == 6 else { throw SDPParseError(reason: "bad o= line '\(value)'") }
                originUser = String(parts[0])
                sessionID = UInt64(parts[1]) ?? 0
                sessionVersion = UInt64(parts[2]) ?? 0
                if let address = IPAddress(String(parts[5])) { originAddress = address }
            case "s":
                sessionName = String(value)
            case "c":
                let address = try SessionDescription.parseConnection(value)
                if media.isEmpty { connection = address } else { media[media.count - 1].connection = address }
            case "m":
                let parts = value.split(separator: " ")
                guard parts.count >= 3, let port = Int(parts[1].split(separator: "/")[0]), (0...65535).contains(port) else {
                    throw SDPParseError(reason: "bad m= line '\(value)'")
                }
                let payloads = parts.dropFirst(3).compactMap { Int($0) }
                media.append(Media(type: String(parts[0]), port: port, proto: String(parts[2]), payloadTypes: payloads))
            case "a":
                guard !media.isEmpty else { continue }
                readAttribute(value, into: &media[media.count - 1])
            default:
                continue
            }
        }
        guard sawVersion else { throw SDPParseError(reason: "SDP without v=0") }
    }

    private static func parseConnection(_ value: Substring) throws(SDPParseError) -> IPAddress {
        let parts = value.split(separator: " ")
        guard parts.count == 3, parts[0] == "IN" else { throw SDPParseError(reason: "bad c= line '\(value)'") }
        let addressText = String(parts[2].split(separator: "/")[0])
        guard let address = IPAddress(addressText) else { throw SDPParseError(reason: "bad c= address '\(addressText)'") }
        // IPv4-mapped addresses are normalised to IPv4 by IPAddress itself.
        switch (parts[1], address.family) {
        case ("IP4", .ipv4), ("IP6", .ipv6): return address
        // An IPv4-mapped IPv6 address comes back normalised to IPv4.
        case ("IP6", .ipv4) where addressText.contains(":"): return address
        default: throw SDPParseError(reason: "c= address type \(parts[1]) does not match '\(addressText)'")
        }
    }

    private func readAttribute(_ value: Substring, into media: inout Media) {
        let name: Substring
        let argument: Substring
        if let colon = value.firstIndex(of: ":") {
            name = value[..<colon]
            argument = value[value.index(after: colon)...]
        } else {
            name = value
            argument = ""
        }
        switch name {
        case "rtpmap", "fmtp":
            guard let space = argument.firstIndex(of: " "), let payload = Int(argument[..<space]) else { return }
            let rest = String(argument[argument.index(after: space)...])
            if name == "rtpmap" { media.rtpmap[payload] = rest } else { media.fmtp[payload] = rest }
        case "sendrecv", "sendonly", "recvonly", "inactive":
            media.direction = String(name)
        case "ptime":
            media.ptime = Int(argument)
        default:
            break
        }
    }

    /// The wire form, CRLF line ends, no brackets around IPv6.
    public var text: String {
        func connectionLine(_ address: IPAddress) -> String {
            "c=IN \(address.family == .ipv6 ? "IP6" : "IP4") \(HostPort(address: address, port: nil).sdpHost)\r\n"
        }
        var out = "v=0\r\n"
        out += "o=\(originUser) \(sessionID) \(sessionVersion) IN \(originAddress.family == .ipv6 ? "IP6" : "IP4") \(HostPort(address: originAddress, port: nil).sdpHost)\r\n"
        out += "s=\(sessionName)\r\n"
        if let connection { out += connectionLine(connection) }
        out += "t=0 0\r\n"
        for item in media {
            out += "m=\(item.type) \(item.port) \(item.proto) \(item.payloadTypes.map(String.init).joined(separator: " "))\r\n"
            if let connection = item.connection { out += connectionLine(connection) }
            for payload in item.payloadTypes {
                if let map = item.rtpmap[payload] { out += "a=rtpmap:\(payload) \(map)\r\n" }
                if let fmtp = item.fmtp[payload] { out += "a=fmtp:\(payload) \(fmtp)\r\n" }
            }
            if let ptime = item.ptime { out += "a=ptime:\(ptime)\r\n" }
            if let direction = item.direction { out += "a=\(direction)\r\n" }
        }
        return out
    }
}
