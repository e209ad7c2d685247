import Logging
import PBXCore

/// How a Dial attempt ended: the leg that answered, or the DIALSTATUS why none did.
struct DialOutcome: Sendable {
    var winner: Int?
    var status: String

    /// The cause the caller is left with (what a later `Hangup()` sends).
    var cause: HangupCause {
        switch status {
        case "BUSY": .userBusy
        case "CONGESTION": .congestion
        case "NOANSWER": .noAnswer
        case "CANCEL", "ANSWER": .normalClearing
        default: .subscriberAbsent
        }
    }

    static func cause(forFailures causes: [HangupCause]) -> HangupCause {
        DialOutcome(winner: nil, status: status(forFailures: causes)).cause
    }

    /// DIALSTATUS when every leg failed, from their causes.
    static func status(forFailures causes: [HangupCause]) -> String {
        if causes.contains(.userBusy) { return "BUSY" }
        if causes.contains(.congestion) { return "CONGESTION" }
        if causes.contains(where: { $0 == .noAnswer || $0 == .noUserResponse }) { return "NOANSWER" }
        return "CHANUNAVAIL"
    }
}

/// Runs the legs of one Dial against each other, the timeout and the caller
/// hanging up, passing ringing and early media to the caller on the way.
struct DialRace {
    let caller: any Channel
    let legs: [any OutgoingChannel]
    let timeout: Double?
    let logger: Logger
    /// For early media between legs of different formats.
    var translations: TranslationMatrix?

    private enum Event: Sendable {
        case progress(Int, CallProgress)
        case timedOut
        case callerHungUp
    }

    func run() async -> DialOutcome {
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        var tasks: [Task<Void, Never>] = []
        for (index, leg) in legs.enumerated() {
            let stream = leg.call()
            tasks.append(Task {
                for await progress in stream { sink.yield(.progress(index, progress)) }
            })
        }
        if let timeout, timeout > 0 {
            tasks.append(Task {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                if !Task.isCancelled { sink.yield(.timedOut) }
            })
        }
        let caller = self.caller
        // Not cancellable: it ends when the caller hangs up, whenever that is.
        Task { await caller.record.waitUntilHungUp(); sink.yield(.callerHungUp) }
        defer { for task in tasks { task.cancel() } }

        var failures: [HangupCause] = []
        var ringingSent = false
        var earlyMediaFrom: Int?
        for await event in events {
            switch event {
            case .progress(let index, .ringing):
                if !ringingSent {
                    ringingSent = true
                    await caller.indicate(.ringing)
                }
                logger.info("\(legs[index].name) is ringing")
            case .progress(let index, .progress(let earlyMedia)):
                if earlyMedia, earlyMediaFrom == nil {
                    earlyMediaFrom = index
                    await caller.indicate(.progress)
                    await Bridge.link(caller, legs[index], translations: translations)
                }
                logger.info("\(legs[index].name) is making progress")
            case .progress(let index, .answered):
                return DialOutcome(winner: index, status: "ANSWER")
            case .progress(let index, .failed(let cause)):
                logger.info("\(legs[index].name) failed (cause \(cause.rawValue))")
                failures.append(cause)
                if earlyMediaFrom == index {
                    await Bridge.unlink(caller, legs[index])
                    earlyMediaFrom = nil
                }
                if failures.count == legs.count {
                    return DialOutcome(winner: nil, status: DialOutcome.status(forFailures: failures))
                }
            case .timedOut:
                logger.info("Nobody picked up in \(Int(timeout ?? 0) * 1000) ms")
                return DialOutcome(winner: nil, status: "NOANSWER")
            case .callerHungUp:
                return DialOutcome(winner: nil, status: "CANCEL")
            }
        }
        return DialOutcome(winner: nil, status: DialOutcome.status(forFailures: failures))
    }
}
