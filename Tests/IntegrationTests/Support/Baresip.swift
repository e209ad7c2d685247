import Foundation

/// One headless baresip phone registered with the PBX: its own config
/// directory, a WAV file as microphone (aufile), no sound card (aubridge as
/// player), and what it receives recorded by the sndfile filter. Commands
/// (`/dial …`) go to its stdin. Stopped, and its directory removed, at the end.
final class Baresip {
    let directory: URL
    let logFile: URL
    private let process = Process()
    private let commands = Pipe()
    private var stopped = false

    /// The account and the network side of one phone.
    struct Account {
        var user: String
        var secret: String
        var family: LoopbackFamily
        /// The phone's own SIP port.
        var sipPort: Int
        /// The RTP ports baresip may use (first and last; a small block).
        var rtpPorts: ClosedRange<Int>
        var pbxPort: Int
        /// Answers incoming calls at once.
        var autoAnswer = false
    }

    /// Writes the config (playing `source`, 16-bit mono PCM at the codec's
    /// 8 kHz) and starts baresip; it quits by itself after `lifetime` seconds.
    init(name: String, account: Account, source: ToneAnalysis.Audio, lifetime: Int = 30) throws {
        directory = try TestEnvironment.temporaryDirectory("baresip-\(name)")
        let recordings = directory.appendingPathComponent("recordings")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        let sourceFile = directory.appendingPathComponent("source.wav")
        try ToneAnalysis.wav(source).write(to: sourceFile)
        try Self.config(account: account, device: name, source: sourceFile, recordings: recordings)
            .write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        try Self.accountLine(account).write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        try "".write(to: directory.appendingPathComponent("contacts"), atomically: true, encoding: .utf8)

        logFile = directory.appendingPathComponent("baresip.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["baresip", "-f", directory.path, "-t", "\(lifetime)"]
        process.currentDirectoryURL = directory
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = commands
        try process.run()
    }

    /// Only what a phone without sound card, video or NAT needs. `net_interface`
    /// takes an address: it keeps SIP and the SDP's media address on loopback.
    private static func config(account: Account, device: String, source: URL, recordings: URL) -> String {
        """
        poll_method\t\tepoll
        sip_listen\t\t\(account.family.uriHost):\(account.sipPort)
        net_interface\t\t\(account.family.address)
        audio_player\t\taubridge,\(device)
        audio_alert\t\taubridge,\(device)
        audio_source\t\taufile,\(source.path)
        rtp_ports\t\t\(account.rtpPorts.lowerBound)-\(account.rtpPorts.upperBound)
        module_path\t\t/usr/lib/baresip/modules
        module\t\t\tstdio.so
        module\t\t\tg711.so
        module\t\t\taufile.so
        module\t\t\taubridge.so
        module\t\t\tsndfile.so
        module_tmp\t\taccount.so
        module_app\t\tmenu.so
        snd_path\t\t\(recordings.path)

        """
    }

    private static func accountLine(_ account: Account) -> String {
        let answer = account.autoAnswer ? ";answermode=auto" : ""
        return "<sip:\(account.user)@\(account.family.uriHost):\(account.pbxPort)>;auth_pass=\(account.secret);regint=60\(answer)\n"
    }

    /// Sends one command line to baresip's console, e.g. `/dial sip:2000@…`.
    /// Nothing is written once baresip has exited (a closed pipe would raise SIGPIPE).
    func send(_ command: String) {
        guard process.isRunning else { return }
        try? commands.fileHandleForWriting.write(contentsOf: Data((command + "\n").utf8))
    }

    /// Dials `exten` at the PBX over `family`.
    func dial(_ exten: String, family: LoopbackFamily, pbxPort: Int) {
        send("/dial sip:\(exten)@\(family.uriHost):\(pbxPort)")
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    var isRunning: Bool { process.isRunning }

    /// Waits until the log contains `text` (at most `timeout` seconds).
    func waitForLog(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            if !process.isRunning { break }
            usleep(50_000)
        }
        return log.contains(text)
    }

    /// What this phone received in its last call, as the sndfile filter
    /// recorded it after decoding (`dump-<time>-dec.wav`).
    func receivedAudio() throws -> ToneAnalysis.Audio {
        let recordings = directory.appendingPathComponent("recordings")
        let files = try FileManager.default.contentsOfDirectory(at: recordings, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix("-dec.wav") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard let file = files.last else { throw BaresipError.noRecording(log) }
        return try ToneAnalysis.readWAV(try Data(contentsOf: file), name: file.lastPathComponent)
    }

    /// Stops baresip: it unregisters on SIGTERM (so stop phones before the
    /// PBX), and is killed if that takes more than two seconds.
    func stop() {
        guard !stopped else { return }
        stopped = true
        process.stopForSure()
        try? commands.fileHandleForWriting.close()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

enum BaresipError: Error, CustomStringConvertible {
    case noRecording(String)

    var description: String {
        switch self {
        case .noRecording(let log): "baresip recorded no received audio:\n\(log)"
        }
    }
}
