import Crypto

/// The digest hash functions a challenge offers (RFC 8760: SHA-256 first).
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256 = "SHA-256"
    case md5 = "MD5"

    public init?(name: String) {
        switch name.uppercased() {
        case "MD5": self = .md5
        case "SHA-256": self = .sha256
        default: return nil
        }
    }

    /// Lower-case hex of the hash of `text`.
    public func hash(_ text: String) -> String {
        switch self {
        case .md5: Insecure.MD5.hash(data: Array(text.utf8)).hexString
        case .sha256: SHA256.hash(data: Array(text.utf8)).hexString
        }
    }

    /// The expected `response` (RFC 7616 §3.4.1), from HA1 already computed.
    public func response(ha1: String, nonce: String, method: String, uri: String,
                         qop: String?, nc: String?, cnonce: String?) -> String {
        let ha2 = hash("\(method):\(uri)")
        if let qop, let nc, let cnonce {
            return hash("\(ha1):\(nonce):\(nc):\(cnonce):\(qop):\(ha2)")
        }
        return hash("\(ha1):\(nonce):\(ha2)")
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
