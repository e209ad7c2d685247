import PBXCore

extension HostPort {
    /// `a.b.c.d` or `a.b.c.d:port` read straight from octets: the form nearly
    /// every Via and URI carries. Only text that `HostPort(parsing:)` reads
    /// as exactly this address and port is taken (four decimal octets 0–255
    /// without leading zeros; a port of digits in 1–65535); anything else
    /// gives nil and goes through the full parser, errors included.
    init?(dottedQuad bytes: SIPBytes) {
        guard bytes.count <= 21 else { return nil }
        var value: UInt32 = 0
        var octet = 0
        var digits = 0
        var dots = 0
        var index = bytes.startIndex
        let base = bytes.base
        while index < bytes.endIndex {
            let byte = base[index]
            if byte >= 0x30, byte <= 0x39 {
                // A leading zero is refused by the full parser (octal look-alike).
                if digits == 1, octet == 0 { return nil }
                octet = octet * 10 + Int(byte - 0x30)
                digits += 1
                if digits > 3 || octet > 255 { return nil }
            } else if byte == 0x2E, dots < 3, digits > 0 {
                value = value << 8 | UInt32(octet)
                dots += 1
                octet = 0
                digits = 0
            } else {
                break
            }
            index += 1
        }
        guard dots == 3, digits > 0 else { return nil }
        value = value << 8 | UInt32(octet)
        guard index < bytes.endIndex else {
            self.init(address: .v4(value), port: nil)
            return
        }
        guard base[index] == 0x3A, index + 1 < bytes.endIndex else { return nil }
        var port = 0
        for byte in bytes[(index + 1)...] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            port = port * 10 + Int(byte - 0x30)
            if port > 65535 { return nil }
        }
        guard port >= 1 else { return nil }
        self.init(address: .v4(value), port: port)
    }
}
