@testable import Channels
import Testing

@Suite("DigestAlgorithm")
struct DigestAlgorithmTests {
    @Test func rfc2617MD5Example() {
        // RFC 2617 §3.5.
        let md5 = DigestAlgorithm.md5
        let ha1 = md5.hash("Mufasa:testrealm@host.com:Circle Of Life")
        #expect(ha1 == "939e7578ed9e3c518a452acee763bce9")
        let response = md5.response(ha1: ha1, nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET",
                                    uri: "/dir/index.html", qop: "auth", nc: "00000001", cnonce: "0a4f113b")
        #expect(response == "6629fae49393a05397450978507c4ef1")
    }

    @Test func rfc7616SHA256Example() {
        // RFC 7616 §3.9.1; its password is written "Circle of Life".
        let sha256 = DigestAlgorithm.sha256
        let ha1 = sha256.hash("Mufasa:http-auth@example.org:Circle of Life")
        let response = sha256.response(ha1: ha1, nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", method: "GET",
                                       uri: "/dir/index.html", qop: "auth", nc: "00000001",
                                       cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
        #expect(response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
    }

    @Test func withoutQopTheRFC2069FormIsUsed() {
        // H(HA1:nonce:HA2) for the RFC 2617 credentials, computed apart with another MD5.
        let md5 = DigestAlgorithm.md5
        let ha1 = md5.hash("Mufasa:testrealm@host.com:Circle Of Life")
        let response = md5.response(ha1: ha1, nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", method: "GET",
                                    uri: "/dir/index.html", qop: nil, nc: nil, cnonce: nil)
        #expect(response == "670fd8c2df070c60b045671b8b24ff02")
    }

    @Test func hashesAreLowerCaseHexOfTheStandardVectors() {
        #expect(DigestAlgorithm.md5.hash("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(DigestAlgorithm.md5.hash("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(DigestAlgorithm.sha256.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(DigestAlgorithm.sha256.hash("").count == 64)
    }

    @Test func namesAreReadWithoutCase() {
        #expect(DigestAlgorithm(name: "md5") == .md5)
        #expect(DigestAlgorithm(name: "MD5") == .md5)
        #expect(DigestAlgorithm(name: "sha-256") == .sha256)
        #expect(DigestAlgorithm(name: "SHA-256") == .sha256)
        #expect(DigestAlgorithm(name: "SHA-512-256") == nil)
        #expect(DigestAlgorithm(name: "MD5-sess") == nil)
        #expect(DigestAlgorithm.allCases.map(\.rawValue) == ["SHA-256", "MD5"])
    }
}
