@testable import Channels
import Testing

@Suite("DigestCredentials(header:)")
struct DigestCredentialsTests {
    @Test func rfc2617AuthorizationIsTakenApart() throws {
        let header = """
            Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", \
            uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", \
            response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """
        let credentials = try #require(DigestCredentials(header: header))
        #expect(credentials.username == "Mufasa")
        #expect(credentials.realm == "testrealm@host.com")
        #expect(credentials.nonce == "dcd98b7102dd2f0e8b11d0f600bfb0c093")
        #expect(credentials.uri == "/dir/index.html")
        #expect(credentials.qop == "auth")
        #expect(credentials.nc == "00000001")
        #expect(credentials.cnonce == "0a4f113b")
        #expect(credentials.response == "6629fae49393a05397450978507c4ef1")
        #expect(credentials.opaque == "5ccc069c403ebaf9f0171e9517f40e41")
        // No algorithm given means MD5 (RFC 7616 §3.3).
        #expect(credentials.algorithm == "MD5")
    }

    @Test func commasInsideQuotesStayInTheValue() throws {
        let header = """
            Digest username="100", realm="PBX, main office", nonce="a,b", \
            uri="sip:pbx.example.com;transport=udp", response="abc", algorithm=SHA-256
            """
        let credentials = try #require(DigestCredentials(header: header))
        #expect(credentials.realm == "PBX, main office")
        #expect(credentials.nonce == "a,b")
        #expect(credentials.uri == "sip:pbx.example.com;transport=udp")
        #expect(credentials.algorithm == "SHA-256")
        #expect(credentials.qop == nil)
        #expect(credentials.nc == nil)
        #expect(credentials.cnonce == nil)
    }

    @Test func unquotedValuesNameCaseAndSpacing() throws {
        let header = "  DIGEST Username=100 ,Realm=swiftpbx,NONCE=n1,  URI=sip:pbx , Response=ABCDEF0123 ,qop=auth "
        let credentials = try #require(DigestCredentials(header: header))
        #expect(credentials.username == "100")
        #expect(credentials.realm == "swiftpbx")
        #expect(credentials.nonce == "n1")
        #expect(credentials.uri == "sip:pbx")
        // Hex digits are compared in lower case.
        #expect(credentials.response == "abcdef0123")
        #expect(credentials.qop == "auth")
    }

    @Test func unknownParametersAreIgnored() throws {
        let header = "Digest username=\"100\", nonce=\"n\", uri=\"sip:pbx\", response=\"00\", userhash=false, token"
        let credentials = try #require(DigestCredentials(header: header))
        #expect(credentials.username == "100")
        #expect(credentials.realm == "")
    }

    @Test(arguments: [
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        "Digest",
        "Digest ",
        "Digest realm=\"r\", nonce=\"n\", uri=\"sip:pbx\", response=\"00\"",
        "Digest username=\"100\", realm=\"r\", uri=\"sip:pbx\", response=\"00\"",
        "Digest username=\"100\", realm=\"r\", nonce=\"n\", response=\"00\"",
        "Digest username=\"100\", realm=\"r\", nonce=\"n\", uri=\"sip:pbx\"",
        "Digest username=\"\", realm=\"r\", nonce=\"n\", uri=\"sip:pbx\", response=\"00\"",
    ])
    func otherSchemesAndMissingFieldsGiveNil(_ header: String) {
        #expect(DigestCredentials(header: header) == nil)
    }
}
