@testable import Channels
import Crypto
import Foundation
import Testing

@Suite("DigestAuthenticator")
struct DigestAuthenticatorTests {
    private let start = Date(timeIntervalSince1970: 1_700_000_000)
    private let key = [UInt8](repeating: 0x5A, count: 32)

    private func authenticator(_ algorithms: [DigestAlgorithm] = [.sha256, .md5], lifetime: TimeInterval = 30) -> DigestAuthenticator {
        DigestAuthenticator(realm: "swiftpbx", algorithms: algorithms, nonceLifetime: lifetime, key: key)
    }

    /// What a phone sends: the response computed here with Crypto directly,
    /// then written as an Authorization header and read back.
    private func answer(nonce: String, algorithm: DigestAlgorithm, password: String, username: String = "100",
                        realm: String = "swiftpbx", uri: String = "sip:pbx.example.com") throws -> DigestCredentials {
        let ha1 = Self.digest(algorithm, "\(username):\(realm):\(password)")
        let ha2 = Self.digest(algorithm, "REGISTER:\(uri)")
        let response = Self.digest(algorithm, "\(ha1):\(nonce):00000001:0a4f113b:auth:\(ha2)")
        let header = "Digest username=\"\(username)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\", "
            + "response=\"\(response)\", algorithm=\(algorithm.rawValue), qop=auth, nc=00000001, cnonce=\"0a4f113b\""
        return try #require(DigestCredentials(header: header))
    }

    private static func digest(_ algorithm: DigestAlgorithm, _ text: String) -> String {
        let bytes: [UInt8] = switch algorithm {
        case .md5: Array(Insecure.MD5.hash(data: Array(text.utf8)))
        case .sha256: Array(SHA256.hash(data: Array(text.utf8)))
        }
        return bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// `name=value` pairs of a challenge, quotes removed.
    private func fields(of challenge: String) throws -> [String: String] {
        #expect(challenge.hasPrefix("Digest "))
        var result: [String: String] = [:]
        for item in challenge.dropFirst("Digest ".count).components(separatedBy: ", ") {
            let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
            try #require(pair.count == 2, "\(item) is name=value")
            let quoted = pair[1].count >= 2 && pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"")
            result[pair[0]] = quoted ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return result
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func correctAnswerIsAccepted(_ algorithm: DigestAlgorithm) throws {
        let auth = authenticator()
        let nonce = auth.makeNonce(now: start)
        let credentials = try answer(nonce: nonce, algorithm: algorithm, password: "s3cret")
        let outcome = auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start.addingTimeInterval(2))
        #expect(outcome == .accepted)
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func wrongPasswordIsRejected(_ algorithm: DigestAlgorithm) throws {
        let auth = authenticator()
        let credentials = try answer(nonce: auth.makeNonce(now: start), algorithm: algorithm, password: "guess")
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .rejected)
    }

    @Test(arguments: DigestAlgorithm.allCases)
    func unknownUserIsRejected(_ algorithm: DigestAlgorithm) throws {
        let auth = authenticator()
        let credentials = try answer(nonce: auth.makeNonce(now: start), algorithm: algorithm, password: "anything", username: "999")
        #expect(auth.verify(credentials, method: "REGISTER", secret: nil, md5secret: nil, now: start) == .rejected)
    }

    @Test func theMethodIsPartOfTheAnswer() throws {
        let auth = authenticator()
        let credentials = try answer(nonce: auth.makeNonce(now: start), algorithm: .sha256, password: "s3cret")
        #expect(auth.verify(credentials, method: "INVITE", secret: "s3cret", md5secret: nil, now: start) == .rejected)
    }

    @Test func md5secretServesMD5Only() throws {
        let auth = authenticator()
        let nonce = auth.makeNonce(now: start)
        let ha1 = Self.digest(.md5, "100:swiftpbx:s3cret")
        let md5Answer = try answer(nonce: nonce, algorithm: .md5, password: "s3cret")
        #expect(auth.verify(md5Answer, method: "REGISTER", secret: nil, md5secret: ha1, now: start) == .accepted)
        // SHA-256 needs the plain secret; an MD5 hash cannot serve it.
        let shaAnswer = try answer(nonce: nonce, algorithm: .sha256, password: "s3cret")
        #expect(auth.verify(shaAnswer, method: "REGISTER", secret: nil, md5secret: ha1, now: start) == .rejected)
    }

    @Test func nonceOlderThanItsLifetimeIsStale() throws {
        let auth = authenticator(lifetime: 30)
        let nonce = auth.makeNonce(now: start)
        let credentials = try answer(nonce: nonce, algorithm: .sha256, password: "s3cret")
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start.addingTimeInterval(29)) == .accepted)
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start.addingTimeInterval(31))
                == .challenge(stale: true))
        // A stale nonce with a wrong password is still a wrong password.
        let wrong = try answer(nonce: nonce, algorithm: .sha256, password: "guess")
        #expect(auth.verify(wrong, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start.addingTimeInterval(31)) == .rejected)
    }

    @Test func nonceFromTheFutureIsStale() throws {
        let auth = authenticator()
        let credentials = try answer(nonce: auth.makeNonce(now: start.addingTimeInterval(60)), algorithm: .md5, password: "s3cret")
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .challenge(stale: true))
    }

    @Test func forgedOrAlteredNoncesAreRejected() throws {
        let auth = authenticator()
        let nonce = auth.makeNonce(now: start)
        let parts = nonce.split(separator: ".").map(String.init)
        try #require(parts.count == 2)
        let flippedLast = String(parts[1].dropLast()) + (parts[1].last == "0" ? "1" : "0")
        // A later timestamp under the old MAC: extending a nonce's life must not work.
        let laterStamp = String(UInt64(start.timeIntervalSince1970 * 1000 + 1), radix: 16)
        let otherKey = DigestAuthenticator(realm: "swiftpbx", key: [UInt8](repeating: 1, count: 32)).makeNonce(now: start)
        let forged = [parts[0] + "." + flippedLast, laterStamp + "." + parts[1], otherKey, "deadbeef", "", nonce + ".x", "zz." + parts[1]]
        for candidate in forged {
            let credentials = try answer(nonce: candidate.isEmpty ? "-" : candidate, algorithm: .sha256, password: "s3cret")
            #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .rejected,
                    "nonce '\(candidate)'")
        }
    }

    @Test func nonceStaysValidAcrossInstancesSharingTheKey() throws {
        let nonce = authenticator().makeNonce(now: start)
        let credentials = try answer(nonce: nonce, algorithm: .sha256, password: "s3cret")
        #expect(authenticator().verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .accepted)
    }

    @Test func algorithmNotOfferedIsRejected() throws {
        let auth = authenticator([.sha256])
        let credentials = try answer(nonce: auth.makeNonce(now: start), algorithm: .md5, password: "s3cret")
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .rejected)
        var unknown = try answer(nonce: auth.makeNonce(now: start), algorithm: .sha256, password: "s3cret")
        unknown.algorithm = "SHA-512-256"
        #expect(auth.verify(unknown, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .rejected)
    }

    @Test func otherRealmIsRejected() throws {
        let auth = authenticator()
        let credentials = try answer(nonce: auth.makeNonce(now: start), algorithm: .sha256, password: "s3cret", realm: "elsewhere")
        #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .rejected)
    }

    @Test func challengesListSHA256BeforeMD5() throws {
        let auth = authenticator()
        let challenges = auth.challenges(stale: false, now: start)
        #expect(challenges.count == 2)
        let parsed = try challenges.map { try fields(of: $0) }
        #expect(parsed.map { $0["algorithm"] } == ["SHA-256", "MD5"])
        for values in parsed {
            #expect(values["realm"] == "swiftpbx")
            #expect(values["qop"] == "auth")
            #expect(values["nonce"] == auth.makeNonce(now: start))
            #expect(values["stale"] == nil)
        }
        #expect(challenges[1] == "Digest realm=\"swiftpbx\", nonce=\"\(auth.makeNonce(now: start))\", algorithm=MD5, qop=\"auth\"")
    }

    @Test func staleChallengesSaySo() throws {
        let challenges = authenticator().challenges(stale: true, now: start)
        #expect(try challenges.map { try fields(of: $0)["stale"] } == ["true", "true"])
    }

    @Test func challengesFollowTheConfiguredAlgorithms() throws {
        let challenges = authenticator([.md5]).challenges(stale: false, now: start)
        #expect(try challenges.map { try fields(of: $0)["algorithm"] } == ["MD5"])
    }

    @Test func answeringTheChallengeNonceIsAccepted() throws {
        let auth = authenticator()
        for challenge in auth.challenges(stale: false, now: start) {
            let values = try fields(of: challenge)
            let algorithm = try #require(values["algorithm"].flatMap { DigestAlgorithm(name: $0) })
            let credentials = try answer(nonce: try #require(values["nonce"]), algorithm: algorithm, password: "s3cret")
            #expect(auth.verify(credentials, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start) == .accepted)
        }
    }

    @Test func knownAndUnknownUsersGetTheSameAnswers() throws {
        // Nothing about the user goes into a challenge, and a wrong password
        // and an unknown name end alike.
        let auth = authenticator()
        let nonce = auth.makeNonce(now: start)
        let known = try answer(nonce: nonce, algorithm: .sha256, password: "guess", username: "100")
        let unknown = try answer(nonce: nonce, algorithm: .sha256, password: "guess", username: "999")
        #expect(auth.verify(known, method: "REGISTER", secret: "s3cret", md5secret: nil, now: start)
                == auth.verify(unknown, method: "REGISTER", secret: nil, md5secret: nil, now: start))
        #expect(auth.challenges(stale: false, now: start) == auth.challenges(stale: false, now: start))
    }

    @Test func freshNoncesDifferOverTime() {
        let auth = authenticator()
        #expect(auth.makeNonce(now: start) != auth.makeNonce(now: start.addingTimeInterval(1)))
        #expect(auth.makeNonce(now: start) == auth.makeNonce(now: start))
    }
}
