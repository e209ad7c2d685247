import Logging
import PBXCore

/// Runs calls through the dialplan (Asterisk's `__ast_pbx_run`): the
/// `CallRouter` the channel drivers hand new channels to.
///
/// A call starts at its channel's context and extension, priority 1 (falling
/// back to `s` when the extension does not exist), and runs one application
/// per priority until one hangs up, the priorities run out, or the channel
/// is hung up. The channel is then hung up and the context's `h` extension,
/// if any, runs with media applications failing quietly.
public final class DialplanRunner: CallRouter {
    public let store: DialplanStore
    public let applications: ApplicationRegistry
    private let sounds: SoundLibrary
    private let logger: Logger

    /// Most priorities the `h` extension may run: it has no caller left to
    /// hang up, so a `Goto` loop there would otherwise never end.
    static let hangupHandlerStepLimit = 10_000

    public convenience init(pbx: PBX, applications: ApplicationRegistry, store: DialplanStore) {
        self.init(sounds: pbx.sounds, logger: pbx.logger, applications: applications, store: store)
    }

    public init(sounds: SoundLibrary, logger: Logger, applications: ApplicationRegistry, store: DialplanStore) {
        self.sounds = sounds
        self.logger = logger
        self.applications = applications
        self.store = store
    }

    public func canRoute(context: String, exten: String) -> Bool {
        store.current.find(context: context, exten: exten, priority: 1) != nil
    }

    public func run(_ channel: any Channel) async {
        let dialplan = store.current
        var callLogger = logger
        callLogger[metadataKey: "channel"] = "\(channel.name)"
        let record = channel.record

        var start = Cursor(context: record.context, exten: record.exten, priority: 1)
        if dialplan.find(context: start.context, exten: start.exten, priority: 1) == nil,
            dialplan.find(context: start.context, exten: "s", priority: 1) != nil
        {
            callLogger.info("Starting \(channel.name) at \(start.context),\(start.exten),1 failed so falling back to exten 's'")
            start.exten = "s"
        }

        let end = await execute(channel, from: start, in: dialplan, logger: callLogger, isHangupHandler: false)
        await channel.hangup(cause: record.state.hangupCause ?? end.cause)
        if let cause = record.state.hangupCause {
            record[variable: "HANGUPCAUSE"] = String(cause.rawValue)
        }

        let handler = Cursor(context: end.cursor.context, exten: "h", priority: 1)
        if dialplan.find(context: handler.context, exten: "h", priority: 1) != nil {
            _ = await execute(channel, from: handler, in: dialplan, logger: callLogger, isHangupHandler: true)
        }
    }

    // MARK: The priority loop

    /// A place in the dialplan.
    struct Cursor: Equatable {
        var context: String
        var exten: String
        var priority: Int
    }

    /// Runs from `cursor` until the dialplan ends; returns where it stopped
    /// and the cause to hang up with.
    private func execute(
        _ channel: any Channel, from start: Cursor, in dialplan: Dialplan, logger: Logger, isHangupHandler: Bool
    ) async -> (cursor: Cursor, cause: HangupCause) {
        var cursor = start
        var steps = 0
        while true {
            if !isHangupHandler, let cause = channel.record.state.hangupCause {
                return (cursor, cause)
            }
            if isHangupHandler {
                steps += 1
                if steps > Self.hangupHandlerStepLimit {
                    logger.warning("Hangup handler of \(channel.name) stopped after \(Self.hangupHandlerStepLimit) priorities")
                    return (cursor, .normalClearing)
                }
            }
            guard let match = dialplan.find(context: cursor.context, exten: cursor.exten, priority: cursor.priority) else {
                if let next = missingPriority(channel, at: cursor, in: dialplan, logger: logger, isHangupHandler: isHangupHandler) {
                    cursor = next
                    continue
                }
                let known = dialplan.hasExtension(context: cursor.context, exten: cursor.exten)
                return (cursor, known ? .normalClearing : .unallocatedNumber)
            }

            let priority = match.priority
            let substitution = VariableSubstitution(
                channel: channel.record, context: cursor.context, exten: cursor.exten,
                priority: cursor.priority, globals: dialplan.globals)
            let data = substitution.substitute(priority.data)
            channel.record.position = DialplanPosition(
                context: cursor.context, exten: cursor.exten, priority: cursor.priority,
                application: priority.application, applicationData: data)
            logger.info(
                "Executing [\(cursor.exten)@\(cursor.context):\(cursor.priority)] \(priority.application)(\"\(channel.name)\", \"\(data)\")")

            guard let application = applications.application(named: priority.application) else {
                logger.warning("No application '\(priority.application)' for extension (\(cursor.context), \(cursor.exten), \(cursor.priority))")
                return (cursor, .normalClearing)
            }
            let call = DialplanCall(
                channel: channel, context: cursor.context, exten: cursor.exten, priority: cursor.priority,
                data: data, sounds: sounds, logger: logger, isHangupHandler: isHangupHandler)

            let result: ApplicationResult
            do {
                result = try await application.execute(call, arguments: ApplicationArguments.split(data))
            } catch {
                if isHangupHandler {
                    // The channel is gone: media applications fail, the handler goes on.
                    cursor.priority += 1
                    continue
                }
                if let channelError = error as? ChannelError, channelError == .hungUp {
                    logSpawnExit(channel, at: cursor, logger: logger)
                    return (cursor, channel.record.state.hangupCause ?? .normalClearing)
                }
                logger.warning("\(priority.application) failed on \(channel.name): \(error)")
                logSpawnExit(channel, at: cursor, logger: logger)
                return (cursor, .normalClearing)
            }

            switch result {
            case .proceed:
                cursor.priority += 1
            case .hangUp(let cause):
                logSpawnExit(channel, at: cursor, logger: logger)
                return (cursor, cause)
            case .goto(let target):
                guard let next = resolve(target, from: cursor, in: dialplan) else {
                    logger.warning("Priority '\(Self.describe(target.priority))' must be a number > 0, or valid label")
                    return (cursor, .normalClearing)
                }
                cursor = next
            }
            // A dialplan looping through applications that never suspend must
            // still let other calls run.
            await Task.yield()
        }
    }

    /// Where to go when `cursor` names no priority: the `i` extension for an
    /// extension that does not exist, or nil to end the dialplan.
    private func missingPriority(
        _ channel: any Channel, at cursor: Cursor, in dialplan: Dialplan, logger: Logger, isHangupHandler: Bool
    ) -> Cursor? {
        if dialplan.hasExtension(context: cursor.context, exten: cursor.exten) {
            if !isHangupHandler {
                logger.info("Auto fallthrough, channel '\(channel.name)' status is 'UNKNOWN'")
            }
            return nil
        }
        if !isHangupHandler, cursor.exten != "i", dialplan.find(context: cursor.context, exten: "i", priority: 1) != nil {
            logger.info("Sent into invalid extension '\(cursor.exten)' in context '\(cursor.context)' on \(channel.name)")
            channel.record[variable: "INVALID_EXTEN"] = cursor.exten
            return Cursor(context: cursor.context, exten: "i", priority: 1)
        }
        logger.warning(
            "Channel '\(channel.name)' sent to invalid extension but no invalid handler: context,exten,priority=\(cursor.context),\(cursor.exten),\(cursor.priority)")
        return nil
    }

    /// The place a `Goto` names, or nil for a label that does not exist.
    func resolve(_ target: GotoTarget, from cursor: Cursor, in dialplan: Dialplan) -> Cursor? {
        let context = target.context ?? cursor.context
        let exten = target.exten ?? cursor.exten
        switch target.priority {
        case .number(let number):
            return Cursor(context: context, exten: exten, priority: number)
        case .relative(let offset):
            let number = cursor.priority + offset
            return number > 0 ? Cursor(context: context, exten: exten, priority: number) : nil
        case .label(let label):
            guard let match = dialplan.find(context: context, exten: exten, label: label) else { return nil }
            return Cursor(context: context, exten: exten, priority: match.priority.number)
        }
    }

    private func logSpawnExit(_ channel: any Channel, at cursor: Cursor, logger: Logger) {
        logger.info("Spawn extension (\(cursor.context), \(cursor.exten), \(cursor.priority)) exited non-zero on '\(channel.name)'")
    }

    private static func describe(_ priority: GotoTarget.PriorityReference) -> String {
        switch priority {
        case .number(let number): String(number)
        case .label(let label): label
        case .relative(let offset): offset < 0 ? String(offset) : "+\(offset)"
        }
    }
}
