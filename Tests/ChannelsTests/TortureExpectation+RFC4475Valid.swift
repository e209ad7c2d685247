import Channels
import PBXCore
import Testing

/// RFC 4475 §3.1.1: messages every element must parse.
extension TortureExpectation {
    static let rfc4475Valid: [String: TortureExpectation] = [
        "rfc4475/valid/wsinv": .init("3.1.1.1", .accept(Facts(
            method: "INVITE", requestURI: "sip:vivekg@chair-dnrc.example.com;unknownparam",
            callID: "wsinv.ndaksdj@192.0.2.1", viaCount: 3, contentLength: 150,
            more: { message in
                // Leading zeros, folded and spaced parameters, an unknown header kept whole.
                #expect(message.cseq.number == 9)
                #expect(message.cseq.method.rawValue == "INVITE")
                #expect(message.from.tag == "98asjd8")
                #expect(message.to.tag == "1918181833n")
                #expect(message.via.map(\.branch) == ["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"])
                #expect(message.via.map(\.transport) == ["UDP", "TCP", "UDP"])
                #expect(message.via.first?.sentBy.host == host("192.0.2.2"))
                #expect(message.via.dropFirst().first?.sentBy.host == .name("spindle.example.com"))
                #expect(message.headers.values("UnknownHeaderWithUnusualValue") == [";;,,;;,;"])
            }))),
        "rfc4475/valid/intmeth": .init("3.1.1.2", .accept(Facts(
            method: "!interesting-Method0123456789_*+`.%indeed'~",
            requestURI: "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
            callID: #"intmeth.word%ZK-!.*_+'@word`~)(><:\/"][?}{"#, viaCount: 1, contentLength: 0,
            more: { message in
                // `%` is no escape in a method: this is an unknown method, not INVITE.
                #expect(message.method != .invite)
                #expect(message.cseq.number == 139122385)
                #expect(message.cseq.method == message.method)
                #expect(message.via.first?.branch == "z9hG4bK-.!%66*_+`'~")
                #expect(message.from.tag == "_token~1'+`*%!-.")
                #expect(message.from.uri.user == "mundane")
            }))),
        "rfc4475/valid/esc01": .init("3.1.1.3", .accept(Facts(
            method: "INVITE", requestURI: "sip:sips%3Auser%40example.com@example.net",
            callID: "esc01.239409asdfakjkn23onasd0-3234", viaCount: 1, contentLength: 150,
            more: { message in
                #expect(unescaped(message.requestURI?.user) == "sips:user@example.com")
                #expect(unescaped(message.from.uri.user) == "I have spaces")
                #expect(unescaped(message.to.uri.user) == "user")
            }))),
        "rfc4475/valid/escnull": .init("3.1.1.4", .accept(Facts(
            method: "REGISTER", requestURI: "sip:example.com",
            callID: "escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(unescaped(message.to.uri.user) == "null-\u{0}-null")
                #expect(unescaped(message.from.uri.user) == "null-\u{0}-null")
                #expect(message.headers.values("Contact").count == 2)
            }))),
        "rfc4475/valid/esc02": .init("3.1.1.5", .accept(Facts(
            method: "RE%47IST%45R", requestURI: "sip:registrar.example.com",
            callID: "esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf", viaCount: 1, contentLength: 0,
            more: { message in
                // Not REGISTER; `C%6Fntact` is an unknown header, so two Contacts, not three.
                #expect(message.method != .register)
                #expect(message.cseq.method.rawValue == "RE%47IST%45R")
                #expect(message.headers.values("Contact").count == 2)
                #expect(message.headers.values("C%6Fntact") == ["<sip:alias2@host2.example.com>"])
                #expect(message.via.first?.branch == "z9hG4bK209%fzsnel234")
            }))),
        "rfc4475/valid/lwsdisp": .init("3.1.1.6", .accept(Facts(
            method: "OPTIONS", requestURI: "sip:user@example.com",
            callID: "lwsdisp.1234abcd@funky.example.com", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(message.from.uri.user == "caller")
                #expect(message.from.tag == "323")
            }))),
        "rfc4475/valid/longreq": .init("3.1.1.7", .accept(Facts(
            method: "INVITE", requestURI: "sip:user@example.com",
            callID: "longreq.one" + String(repeating: "really", count: 20) + "longcallid",
            viaCount: 34, contentLength: 150,
            more: { message in
                #expect(message.to.uri.port == 6000)
                #expect(message.from.tag == "12" + String(repeating: "982", count: 50) + "424")
                #expect(message.via.first?.sentBy.host == .name("sip33.example.com"))
                #expect(message.via.last?.branch == "very" + String(repeating: "long", count: 50) + "branchvalue")
            }))),
        "rfc4475/valid/dblreq": .init("3.1.1.8", .accept(Facts(
            // The INVITE after the REGISTER's empty body is trailing junk to ignore.
            method: "REGISTER", requestURI: "sip:example.com",
            callID: "dblreq.0ha0isndaksdj99sdfafnl3lk233412", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(message.body.isEmpty)
                #expect(message.cseq.method == .register)
            }))),
        "rfc4475/valid/semiuri": .init("3.1.1.9", .accept(Facts(
            method: "OPTIONS", requestURI: "sip:user;par=u%40example.net@example.com",
            callID: "semiuri.0ha0isndaksdj", viaCount: 1, contentLength: 0,
            more: { message in
                #expect(unescaped(message.requestURI?.user) == "user;par=u@example.net")
                #expect(message.requestURI?.host == .name("example.com"))
            }))),
        "rfc4475/valid/transports": .init("3.1.1.10", .accept(Facts(
            method: "OPTIONS", requestURI: "sip:user@example.com",
            callID: "transports.kijh4akdnaqjkwendsasfdj", viaCount: 5, contentLength: 0,
            more: { message in
                #expect(message.via.map(\.transport) == ["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"])
            }))),
        "rfc4475/valid/mpart01": .init("3.1.1.11", .accept(Facts(
            method: "MESSAGE", requestURI: "sip:kumiko@example.org",
            callID: "3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..", viaCount: 1,
            viaLiterals: [ViaLiteral(index: 0, address: "127.0.0.1", port: 5070)], contentLength: 553,
            more: { message in
                // The binary part carries bare LFs that are not line ends.
                #expect(message.body.starts(with: Array("--7a9cbec02ceef655\r\n".utf8)))
                #expect(message.body.suffix(22) == ArraySlice(Array("--7a9cbec02ceef655--\r\n".utf8)))
            }))),
        "rfc4475/valid/unreason": .init("3.1.1.12", .accept(Facts(
            statusCode: 200, callID: "unreason.1234ksdfak3j2erwedfsASdf", viaCount: 1, contentLength: 154))),
        "rfc4475/valid/noreason": .init("3.1.1.13", .accept(Facts(
            statusCode: 100, callID: "noreason.asndj203insdf99223ndf", viaCount: 1, contentLength: 0))),
    ]
}
