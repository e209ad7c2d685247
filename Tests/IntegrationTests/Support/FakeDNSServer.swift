import Foundation
import NIOConcurrencyHelpers

/// A tiny DNS server of the tests' own: a thread with a BSD UDP socket on a
/// free loopback port, answering from a table of records like a recursive
/// server would (CNAMEs followed, NXDOMAIN for unknown names). It writes its
/// answers itself, without the resolver's code, and notes every question.
final class FakeDNSServer: Sendable {
    enum RecordData: Sendable {
        case a(String)
        case aaaa(String)
        case srv(priority: UInt16, weight: UInt16, port: UInt16, target: String)
        case cname(String)

        var type: UInt16 {
            switch self {
            case .a: 1
            case .cname: 5
            case .aaaa: 28
            case .srv: 33
            }
        }
    }

    struct Record: Sendable {
        let name: String
        let data: RecordData
    }

    /// How the server treats a question.
    enum Behaviour: Sendable {
        case answer
        /// Never answers (a dead nameserver).
        case silent
        /// Answers SERVFAIL to everything.
        case serverFailure
        /// Answers correctly, but from another socket (another port).
        case answerFromAnotherPort
        /// Answers correctly, but with the query's ID changed.
        case wrongID
    }

    struct Question: Equatable, Sendable, CustomStringConvertible {
        let name: String
        let type: UInt16
        var description: String { "\(name)/\(type)" }
    }

    let family: LoopbackFamily
    let port: Int
    private let descriptor: Int32
    private let otherDescriptor: Int32
    private let records: [Record]
    private let behaviour: Behaviour
    private struct State {
        var running = true
        var exited = false
        var questions: [Question] = []
    }
    private let state = NIOLockedValueBox(State())

    init(family: LoopbackFamily, records: [Record], behaviour: Behaviour = .answer) throws {
        self.family = family
        self.records = records
        self.behaviour = behaviour
        descriptor = try FakeDNSServer.boundSocket(family: family)
        do {
            otherDescriptor = try FakeDNSServer.boundSocket(family: family)
        } catch {
            close(descriptor)
            throw error
        }
        port = FakeDNSServer.localPort(descriptor)
        Thread.detachNewThread { [self] in serve() }
    }

    /// Every question received so far, in order.
    var questions: [Question] { state.withLockedValue { $0.questions } }

    /// Stops the thread (within its 50 ms receive timeout) and closes the sockets.
    func stop() {
        let alreadyStopped = state.withLockedValue { state in
            defer { state.running = false }
            return !state.running
        }
        guard !alreadyStopped else { return }
        while !state.withLockedValue({ $0.exited }) { usleep(5_000) }
        close(descriptor)
        close(otherDescriptor)
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var peer = sockaddr_storage()
        while state.withLockedValue({ $0.running }) {
            var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let count = buffer.withUnsafeMutableBytes { bytes in
                withUnsafeMutablePointer(to: &peer) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        recvfrom(descriptor, bytes.baseAddress, bytes.count, 0, $0, &peerLength)
                    }
                }
            }
            guard count > 0, let (question, response) = respond(to: Array(buffer[0..<count])) else { continue }
            state.withLockedValue { $0.questions.append(question) }
            guard let response else { continue }
            let sender = behaviour == .answerFromAnotherPort ? otherDescriptor : descriptor
            _ = response.withUnsafeBytes { bytes in
                withUnsafePointer(to: &peer) { pointer in
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(sender, bytes.baseAddress, bytes.count, 0, $0, peerLength)
                    }
                }
            }
        }
        state.withLockedValue { $0.exited = true }
    }

    /// The question of a query and the bytes to answer it with (nil: stay silent).
    private func respond(to query: [UInt8]) -> (Question, [UInt8]?)? {
        guard query.count > 12 else { return nil }
        var offset = 12
        var labels: [String] = []
        while offset < query.count, query[offset] != 0 {
            let length = Int(query[offset])
            guard offset + 1 + length <= query.count else { return nil }
            labels.append(String(decoding: query[(offset + 1)..<(offset + 1 + length)], as: UTF8.self))
            offset += 1 + length
        }
        guard offset + 5 <= query.count else { return nil }
        let questionEnd = offset + 5
        let type = UInt16(query[offset + 1]) << 8 | UInt16(query[offset + 2])
        let question = Question(name: labels.joined(separator: ".").lowercased(), type: type)

        var id = UInt16(query[0]) << 8 | UInt16(query[1])
        var responseCode: UInt16 = 0
        var answers: [Record] = []
        switch behaviour {
        case .silent:
            return (question, nil)
        case .serverFailure:
            responseCode = 2
        case .wrongID:
            id ^= 0xFFFF
            fallthrough
        case .answer, .answerFromAnotherPort:
            answers = lookUp(question)
            if answers.isEmpty, !records.contains(where: { $0.name == question.name }) { responseCode = 3 }
        }
        var bytes = FakeDNSServer.uint16(id) + FakeDNSServer.uint16(0x8180 | responseCode)
        bytes += FakeDNSServer.uint16(1) + FakeDNSServer.uint16(UInt16(answers.count)) + [0, 0, 0, 0]
        bytes += query[12..<questionEnd]
        for record in answers {
            bytes += FakeDNSServer.encode(record)
        }
        return (question, bytes)
    }

    /// The records for a question, a CNAME chain first when the name is an alias.
    private func lookUp(_ question: Question) -> [Record] {
        var name = question.name
        var chain: [Record] = []
        for _ in 0..<8 {
            let direct = records.filter { $0.name == name && $0.data.type == question.type }
            if !direct.isEmpty { return chain + direct }
            guard let alias = records.first(where: { $0.name == name && $0.data.type == 5 }),
                  case .cname(let target) = alias.data else { return chain }
            chain.append(alias)
            name = target
        }
        return chain
    }

    private static func encode(_ record: Record) -> [UInt8] {
        let data: [UInt8]
        switch record.data {
        case .a(let text), .aaaa(let text):
            data = addressBytes(text)
        case .srv(let priority, let weight, let port, let target):
            data = uint16(priority) + uint16(weight) + uint16(port) + encodeName(target)
        case .cname(let target):
            data = encodeName(target)
        }
        return encodeName(record.name) + uint16(record.data.type) + uint16(1) + [0, 0, 0, 60]
            + uint16(UInt16(data.count)) + data
    }

    private static func encodeName(_ name: String) -> [UInt8] {
        name.split(separator: ".").flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0]
    }

    private static func addressBytes(_ text: String) -> [UInt8] {
        if text.contains(":") {
            var address = in6_addr()
            _ = inet_pton(AF_INET6, text, &address)
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        _ = inet_pton(AF_INET, text, &address)
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func uint16(_ value: UInt16) -> [UInt8] {
        [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    private static func boundSocket(family: LoopbackFamily) throws -> Int32 {
        let descriptor = socket(family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError.socket }
        var timeout = timeval(tv_sec: 0, tv_usec: 50_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if family == .ipv4 {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        } else {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_addr = in6addr_loopback
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard result == 0 else {
            close(descriptor)
            throw ServerError.bind
        }
        return descriptor
    }

    /// The port the kernel picked; both families keep it at the same offset.
    private static func localPort(_ descriptor: Int32) -> Int {
        var storage = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: storage.sin6_port))
    }

    enum ServerError: Error {
        case socket
        case bind
    }
}
