import NIOCore
import NIOPosix

extension DNSResolver {
    /// No answer came within the configured timeout.
    private struct Timeout: Error {}

    /// One question to the nameservers: each in turn, starting with the one
    /// that answered last, for `attempts` rounds. An answer (NOERROR or
    /// NXDOMAIN) ends the search; SERVFAIL, REFUSED and the like move on to
    /// the next server. Nil when nobody answered.
    func exchange(_ question: DNSQuestion) async -> DNSMessage? {
        let servers = configuration.nameservers
        guard !servers.isEmpty else { return nil }
        let start = preferredNameserverIndex % servers.count
        for _ in 0..<configuration.attempts {
            for step in 0..<servers.count {
                let index = (start + step) % servers.count
                let id = UInt16.random(in: .min ... .max)
                guard let response = await ask(servers[index], question: question, id: id) else { continue }
                switch response.responseCode {
                case .noError, .nameError:
                    rememberNameserver(index)
                    if response.isTruncated {
                        logger.debug("DNS: truncated answer for \(question.name) \(question.type) from \(servers[index]); using what arrived")
                    }
                    return response
                default:
                    logger.debug("DNS: \(servers[index]) answered \(response.responseCode) for \(question.name) \(question.type)")
                }
            }
        }
        logger.notice("DNS: no nameserver answered \(question.name) \(question.type)")
        return nil
    }

    /// Sends one query to one server from a fresh socket and waits for its
    /// answer until the timeout; nil on timeout or any socket error.
    private func ask(_ server: HostPort, question: DNSQuestion, id: UInt16) async -> DNSMessage? {
        guard let address = server.address, let port = server.port,
              let destination = try? address.socketAddress(port: port),
              let local = try? (address.family == .ipv6 ? IPAddress.anyIPv6 : IPAddress.anyIPv4).socketAddress(port: 0)
        else { return nil }
        let query: [UInt8]
        do {
            query = try DNSMessage.query(id: id, name: question.name, type: question.type)
        } catch {
            logger.debug("DNS: \(error)")
            return nil
        }

        let eventLoop = eventLoopGroup.next()
        let promise = eventLoop.makePromise(of: DNSMessage.self)
        // Scheduled first so the promise is completed whatever happens below.
        let timeout = eventLoop.scheduleTask(in: TimeAmount(configuration.timeout)) { promise.fail(Timeout()) }
        let logger = self.logger
        var channel: (any NIOCore.Channel)?
        do {
            let bound = try await DatagramBootstrap(group: eventLoop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = DNSResponseHandler(nameserver: server, id: id, question: question,
                                                         promise: promise, logger: logger)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .bind(to: local)
                .get()
            channel = bound
            let envelope = AddressedEnvelope(remoteAddress: destination, data: bound.allocator.buffer(bytes: query))
            bound.writeAndFlush(envelope).whenFailure { promise.fail($0) }
        } catch {
            promise.fail(error)
        }

        let result: DNSMessage?
        do {
            result = try await promise.futureResult.get()
        } catch is Timeout {
            logger.debug("DNS: no answer from \(server) for \(question.name) \(question.type) within \(configuration.timeout)")
            result = nil
        } catch {
            logger.debug("DNS: cannot ask \(server): \(error)")
            result = nil
        }
        timeout.cancel()
        try? await channel?.close()
        return result
    }
}
