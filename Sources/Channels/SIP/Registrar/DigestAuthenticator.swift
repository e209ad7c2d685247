import Crypto
import Foundation

/// Issues digest challenges and checks answers (RFC 3261 §22, RFC 7616,
/// RFC 8760). Nonces are stateless: a timestamp signed with a key made at
/// start, so any nonce can be checked and aged without a table. An unknown
/// user is challenged exactly like a known one and refused exactly like a
/// wrong password, so names cannot be found out by probing.
public struct DigestAuthenticator: Sendable {
    public enum Outcome: Sendable, Equatable {
        case accepted
        /// No usable credentials, or a nonce too old: challenge (stale or not).
        case challenge(stale: Bool)
        /// Wrong password, unknown user, or a forged nonce.
        case rejected
    }

    public let realm: String
    public let nonceLifetime: TimeInterval
    public let algorithms: [DigestAlgorithm]
    private let key: [UInt8]

    public init(realm: String, algorithms: [DigestAlgorithm] = [.sha256, .md5], nonceLifetime: TimeInterval = 30, key: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }) {
        self.realm = realm
        self.nonceLifetime = nonceLifetime
        self.algorithms = algorithms
        self.key = key
    }

    /// A fresh nonce: hex time, then a MAC of it.
    public func makeNonce(now: Date = Date()) -> String {
        let stamp = String(UInt64(now.timeIntervalSince1970 * 1000), radix: 16)
        return stamp + "." + mac(stamp)
    }

    /// The WWW-Authenticate values to send, in order of preference.
    public func challenges(stale: Bool, now: Date = Date()) -> [String] {
        let nonce = makeNonce(now: now)
        return algorithms.map { algorithm in
            var value = "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", algorithm=\(algorithm.rawValue), qop=\"auth\""
            if stale { value += ", stale=true" }
            return value
        }
    }

    /// Checks credentials for `method`. `secret`/`md5secret` nil means the
    /// user is unknown: the work done is the same, the answer is `rejected`.
    public func verify(_ credentials: DigestCredentials, method: String, secret: String?, md5secret: String?,
                       now: Date = Date()) -> Outcome {
        guard let algorithm = DigestAlgorithm(name: credentials.algorithm), algorithms.contains(algorithm),
              credentials.realm == realm else {
            return .rejected
        }
        let nonceState = checkNonce(credentials.nonce, now: now)
        if nonceState == .forged { return .rejected }
        let ha1: String
        if algorithm == .md5, secret == nil, let md5secret {
            ha1 = md5secret
        } else {
            // An unknown user is checked against a random secret: same cost.
            ha1 = algorithm.hash("\(credentials.username):\(realm):\(secret ?? UUID().uuidString)")
        }
        let expected = algorithm.response(ha1: ha1, nonce: credentials.nonce, method: method, uri: credentials.uri,
                                          qop: credentials.qop, nc: credentials.nc, cnonce: credentials.cnonce)
        let known = secret != nil || md5secret != nil
        guard known, constantTimeEquals(expected, credentials.response) else { return .rejected }
        return nonceState == .stale ? .challenge(stale: true) : .accepted
    }

    private enum NonceState { case fresh, stale, forged }

    private func checkNonce(_ nonce: String, now: Date) -> NonceState {
        let parts = nonce.split(separator: ".")
        guard parts.count == 2, constantTimeEquals(mac(String(parts[0])), String(parts[1])),
              let millis = UInt64(parts[0], radix: 16) else { return .forged }
        let age = now.timeIntervalSince1970 - Double(millis) / 1000
        return age <= nonceLifetime && age >= -5 ? .fresh : .stale
    }

    private func mac(_ text: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
        return Array(code).prefix(16).hexString
    }

    private func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
