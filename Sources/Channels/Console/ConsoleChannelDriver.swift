import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// The `Console` channel technology (Asterisk's chan_alsa): one sound card,
/// one call at a time. `Dial(Console/dsp)` rings it; `console dial` calls
/// out of it into the dialplan.
public final class ConsoleChannelDriver: ChannelDriver {
    public var technology: String { "Console" }
    /// The one device name a dial string may give (`Console/dsp`).
    public static let deviceName = "dsp"

    let pbx: PBX
    let device: ConsoleAudioDevice
    /// Where alsa.conf was read from (reload reads it again).
    let path: String
    let loop: any EventLoop
    private let configurationBox: NIOLockedValueBox<ConsoleConfiguration>
    private let activeBox: NIOLockedValueBox<ConsoleChannel?>

    init(pbx: PBX, device: ConsoleAudioDevice, path: String, configuration: ConsoleConfiguration,
         active: NIOLockedValueBox<ConsoleChannel?>) {
        self.pbx = pbx
        self.device = device
        self.path = path
        self.loop = pbx.eventLoopGroup.next()
        self.configurationBox = NIOLockedValueBox(configuration)
        self.activeBox = active
    }

    var logger: Logger { pbx.logger }
    var playback: ConsolePlayback { device.playback }

    var configuration: ConsoleConfiguration {
        get { configurationBox.withLockedValue { $0 } }
        set { configurationBox.withLockedValue { $0 = newValue } }
    }

    /// The console's call, ringing or up, if there is one.
    public var activeChannel: ConsoleChannel? { activeBox.withLockedValue { $0 } }

    /// `Console/dsp`: the sound card, unless it is in a call already.
    public func request(_ address: String, formats: FormatSet, callerID: CallerID,
                        requester: (any PBXCore.Channel)?) async throws -> any OutgoingChannel {
        guard address.isEmpty || address == Self.deviceName else {
            throw DialError(cause: .subscriberAbsent, reason: "no Console device '\(address)' (the sound card is Console/\(Self.deviceName))")
        }
        let configuration = self.configuration
        // On the caller's media loop, the bridge relays without a hand-over.
        let loop = requester?.media?.eventLoop ?? self.loop
        guard let channel = claim(role: .called, exten: configuration.exten, context: configuration.context, callerID: callerID,
                                  loop: loop) else {
            throw DialError(cause: .userBusy, reason: "the console is already in a call")
        }
        return channel
    }

    /// `console dial EXT[@CTX]`: a call from the sound card into the dialplan;
    /// during a call that is up, `console dial DIGITS` sends them as DTMF.
    func dial(_ argument: String?) -> CLIResult {
        if let active = activeChannel {
            return sendDigits(argument, on: active)
        }
        let configuration = self.configuration
        let (exten, context) = configuration.dialTarget(argument)
        if let router = pbx.router, !router.canRoute(context: context, exten: exten) {
            return .failure("No such extension '\(exten)' in context '\(context)'\n")
        }
        guard pbx.router != nil else { return .failure("No dialplan is loaded; cannot dial \(exten)@\(context)\n") }
        guard let channel = claim(role: .calling, exten: exten, context: context, callerID: configuration.callerID, loop: loop) else {
            return .failure("The console is already in a call; 'console hangup' first\n")
        }
        channel.record.setState(.ring)
        startMedia(for: channel)
        pbx.startCall(channel)
        return .ok("Dialing \(exten)@\(context) on \(channel.name)\n")
    }

    private func sendDigits(_ argument: String?, on channel: ConsoleChannel) -> CLIResult {
        guard channel.record.state.state == .up else {
            return .failure("The console is already in a call (\(channel.name) is \(channel.record.state.state.rawValue)); "
                            + "'console answer' or 'console hangup' first\n")
        }
        guard let digits = argument, !digits.isEmpty, digits.allSatisfy({ "0123456789*#ABCD".contains($0) }) else {
            return .failure("The console is already in a call: 'console dial DIGITS' sends DTMF, 'console hangup' ends it\n")
        }
        channel.endpoint.sendDigits(digits)
        return .ok("Sent DTMF '\(digits)' on \(channel.name)\n")
    }

    /// Takes the console for a new call; nil when it is busy.
    private func claim(role: ConsoleChannel.Role, exten: String, context: String, callerID: CallerID,
                       loop: any EventLoop) -> ConsoleChannel? {
        let name = "Console/\(Self.deviceName)-\(String(format: "%08x", pbx.channels.nextSequence()))"
        let record = ChannelRecord(name: name, uniqueID: UUID().uuidString, technology: technology, callerID: callerID,
                                   exten: exten, context: context)
        let endpoint = ConsoleMediaEndpoint(eventLoop: loop, playback: device.playback, capture: device.capture,
                                            periodSamples: ConsoleAudioDevice.periodFrames)
        let channel = ConsoleChannel(record: record, role: role, endpoint: endpoint, driver: self)
        let claimed = activeBox.withLockedValue { active -> Bool in
            guard active == nil else { return false }
            active = channel
            return true
        }
        return claimed ? channel : nil
    }

    /// The call's audio starts flowing through the sound card.
    func startMedia(for channel: ConsoleChannel) {
        guard activeChannel === channel else { return }
        device.capture.attach(channel.endpoint)
        device.playback.begin()
        device.startStreaming()
    }

    /// The call ended: the sound card stops and the console is free again.
    func release(_ channel: ConsoleChannel) {
        let wasActive = activeBox.withLockedValue { active -> Bool in
            guard active === channel else { return false }
            active = nil
            return true
        }
        guard wasActive else { return }
        device.stopStreaming()
        device.capture.attach(nil)
        device.playback.stop(error: ChannelError.hungUp)
    }

    /// Hangs up whatever call is on the console; false if there is none.
    @discardableResult
    func hangupActive(cause: HangupCause = .normalClearing) -> Bool {
        guard let channel = activeChannel else { return false }
        channel.hangupNow(cause: cause)
        return true
    }
}
