import Logging
import NIOCore

/// Waits on a query's own UDP socket for the one datagram that answers it:
/// from the nameserver's address and port, a response, with the query's ID
/// and question. Anything else (a stray packet, a spoofing attempt, garbage)
/// is dropped and the wait goes on until the caller's timeout.
final class DNSResponseHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let nameserver: HostPort
    private let id: UInt16
    private let question: DNSQuestion
    private let promise: EventLoopPromise<DNSMessage>
    private let logger: Logger

    init(nameserver: HostPort, id: UInt16, question: DNSQuestion, promise: EventLoopPromise<DNSMessage>, logger: Logger) {
        self.nameserver = nameserver
        self.id = id
        self.question = question
        self.promise = promise
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let source = HostPort(socketAddress: envelope.remoteAddress),
              source.address?.withoutScope == nameserver.address?.withoutScope,
              source.port == nameserver.port
        else {
            logger.debug("DNS: ignored a datagram from \(envelope.remoteAddress), expected \(nameserver)")
            return
        }
        var buffer = envelope.data
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let message: DNSMessage
        do {
            message = try DNSMessage(parsing: bytes)
        } catch {
            logger.debug("DNS: ignored a malformed answer from \(nameserver): \(error)")
            return
        }
        guard message.isResponse, message.id == id,
              message.questions.isEmpty || message.questions == [question]
        else {
            logger.debug("DNS: ignored an answer from \(nameserver) that does not match query \(id) for \(question.name) \(question.type)")
            return
        }
        promise.succeed(message)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram socket reports ICMP errors here; the timeout still decides.
        logger.debug("DNS: socket error while asking \(nameserver): \(error)")
    }
}
