@testable import Channels
import Logging
import NIOConcurrencyHelpers
import PBXCore
import Testing

/// A PCM that never blocks and misbehaves on cue: an xrun or a failure at
/// the Nth read or write.
private final class ScriptedPCM: ConsolePCM, @unchecked Sendable {
    struct Log {
        var transfers = 0
        var recoveries = 0
        var written: [Int16] = []
    }

    let name: String
    private let xrunAt: Int?
    private let failAt: Int?
    private let fill: Int16
    let log = NIOLockedValueBox(Log())

    init(name: String, xrunAt: Int? = nil, failAt: Int? = nil, fill: Int16 = 0) {
        self.name = name
        self.xrunAt = xrunAt
        self.failAt = failAt
        self.fill = fill
    }

    func prepare() -> Bool { true }
    func start() {}
    func drop() {}
    func drain() {}
    func close() {}
    func recover() -> Bool {
        log.withLockedValue { $0.recoveries += 1 }
        return true
    }

    private func next() -> PCMTransfer? {
        let index = log.withLockedValue { $0.transfers += 1; return $0.transfers }
        if index == xrunAt { return .xrun }
        if index == failAt { return .failed("unplugged") }
        return nil
    }

    func read(into samples: UnsafeMutableBufferPointer<Int16>) -> PCMTransfer {
        if let scripted = next() { return scripted }
        for index in samples.indices { samples[index] = fill }
        return .frames(samples.count)
    }

    func write(_ samples: UnsafeBufferPointer<Int16>) -> PCMTransfer {
        if let scripted = next() { return scripted }
        log.withLockedValue { $0.written += samples }
        return .frames(samples.count)
    }
}

@Suite("ConsoleAudioDevice: xruns are recovered and the call goes on")
struct ConsoleAudioDeviceRecoveryTests {
    private let logger = Logger(label: "test")

    @Test("An overrun and an underrun mid-sound are recovered; every period of the sound still reaches the speaker")
    func recoversXruns() async throws {
        // Write 2 and 3 are the prefill; the 6th write is an underrun.
        let input = ScriptedPCM(name: "mic", xrunAt: 4)
        let output = ScriptedPCM(name: "speaker", xrunAt: 6)
        let device = ConsoleAudioDevice.start(input: input, output: output, logger: logger) { _ in }
        defer { device.close() }
        device.playback.begin()
        device.startStreaming()
        let samples = [Int16](repeating: 7, count: 10 * 160)
        try await device.playback.play(AudioSource(format: .slin, bytes: samples.flatMap { [UInt8($0), 0] }))
        device.stopStreaming()
        let statistics = device.statistics
        #expect(statistics.overruns == 1)
        #expect(statistics.underruns == 1)
        #expect(input.log.withLockedValue { $0.recoveries } == 1)
        #expect(output.log.withLockedValue { $0.recoveries } == 1)
        let written = output.log.withLockedValue { $0.written }
        #expect(written.filter { $0 == 7 }.count == samples.count, "the sound went out whole")
        // In step: one period written for each period read (besides the
        // xruns, the two silent lead-ins and the one refill after the underrun).
        let reads = input.log.withLockedValue { $0.transfers } - 1
        let writes = output.log.withLockedValue { $0.transfers } - 1 - 2 - 2
        #expect(abs(reads - writes) <= 1, "\(reads) periods read, \(writes) written")
    }

    @Test("A device that fails for good ends the sound with an error and reports why")
    func failure() async throws {
        let input = ScriptedPCM(name: "mic", failAt: 5)
        let output = ScriptedPCM(name: "speaker")
        let reported = NIOLockedValueBox<String?>(nil)
        let device = ConsoleAudioDevice.start(input: input, output: output, logger: logger) { reason in
            reported.withLockedValue { $0 = reason }
        }
        defer { device.close() }
        device.playback.begin()
        device.startStreaming()
        await #expect(throws: ConsoleDeviceError.self) {
            try await device.playback.play(AudioSource(format: .slin, bytes: [UInt8](repeating: 0, count: 50 * 320)))
        }
        // The failure is reported right after the sound is ended; wait for it (bounded).
        for _ in 0..<100 where reported.withLockedValue({ $0 }) == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(reported.withLockedValue { $0 } == "capture device 'mic': unplugged")
    }
}
