import PBXCore

/// `Dial(Tech/resource[&Tech/resource...][,timeout[,options]])`: calls every
/// target at once, passes ringing and early media to the caller, bridges
/// the first to answer, cancels the rest, and sets DIALSTATUS (ANSWER, BUSY,
/// NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL) as Asterisk's app_dial does.
public struct DialApplication: DialplanApplication {
    public let name = "Dial"
    public let synopsis = "Attempt to connect to another device or endpoint and bridge the call"
    private let drivers: ChannelDriverRegistry
    private let channels: ChannelRegistry

    public init(drivers: ChannelDriverRegistry, channels: ChannelRegistry) {
        self.drivers = drivers
        self.channels = channels
    }

    public func execute(_ call: DialplanCall, arguments: [String]) async throws -> ApplicationResult {
        let caller = call.channel
        let targets = (arguments.first ?? "").split(separator: "&").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        let timeout = arguments.count > 1 ? Double(arguments[1].trimmingCharacters(in: " \t")) : nil
        guard !targets.isEmpty else {
            call.logger.warning("Dial requires an argument (technology/resource)")
            caller.record[variable: "DIALSTATUS"] = "CHANUNAVAIL"
            return .proceed
        }
        var legs: [any OutgoingChannel] = []
        var failures: [HangupCause] = []
        for target in targets {
            guard let slash = target.firstIndex(of: "/"), let driver = drivers.driver(for: String(target[..<slash])) else {
                call.logger.warning("Unable to create channel of type '\(target.split(separator: "/").first ?? "")' (cause 66 - Channel not implemented)")
                failures.append(.bearerCapabilityNotAvailable)
                continue
            }
            do {
                let leg = try await driver.request(String(target[target.index(after: slash)...]), formats: FormatSet([caller.nativeFormat]),
                                                   callerID: caller.record.callerID, requester: caller)
                legs.append(leg)
            } catch let error as DialError {
                call.logger.notice("Unable to call \(target): \(error.reason)")
                failures.append(error.cause)
            }
        }
        guard !legs.isEmpty else {
            caller.record[variable: "DIALSTATUS"] = DialOutcome.status(forFailures: failures)
            caller.record[variable: "HANGUPCAUSE"] = String(DialOutcome.cause(forFailures: failures).rawValue)
            return .proceed
        }
        for leg in legs {
            channels.add(leg)
            call.logger.info("Called \(leg.name)")
        }
        let outcome = await DialRace(caller: caller, legs: legs, timeout: timeout, logger: call.logger, translations: call.sounds.translations).run()
        // Everyone but the winner goes: CANCEL before answer, BYE after.
        for (index, leg) in legs.enumerated() where index != outcome.winner {
            await leg.hangup(cause: .normalClearing)
            channels.remove(leg)
        }
        guard let winnerIndex = outcome.winner else {
            caller.record[variable: "DIALSTATUS"] = outcome.status
            caller.record[variable: "HANGUPCAUSE"] = String(outcome.cause.rawValue)
            return .proceed
        }
        let winner = legs[winnerIndex]
        caller.record[variable: "DIALSTATUS"] = "ANSWER"
        do {
            try await caller.answer()
        } catch {
            await winner.hangup(cause: .normalClearing)
            channels.remove(winner)
            throw error
        }
        call.logger.info("\(winner.name) answered \(caller.name)")
        await Bridge.run(caller, winner, translations: call.sounds.translations)
        channels.remove(winner)
        return .hangUp(caller.record.state.hangupCause ?? .normalClearing)
    }
}
