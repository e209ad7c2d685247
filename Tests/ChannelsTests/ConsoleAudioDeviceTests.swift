@testable import Channels
import Logging
import PBXCore
import Testing

/// Real libasound, no hardware: the system configuration's `null` PCM.
@Suite("ConsoleAudioDevice on ALSA's null PCM")
struct ConsoleAudioDeviceTests {
    private let logger = Logger(label: "test")

    @Test("A PCM name libasound does not know fails with the device, the step and ALSA's reason")
    func missingDevice() {
        #expect {
            _ = try ConsoleAudioDevice.open(input: "swiftpbx-no-such-pcm", output: "null", logger: logger) { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.contains("capture device 'swiftpbx-no-such-pcm' (open)") && text.contains("no PCM of that name")
        }
    }

    @Test("A sound of 10 periods takes about 200 ms: a device that keeps no time is paced by the clock")
    func pacedPlayback() async throws {
        let device = try ConsoleAudioDevice.open(input: "null", output: "null", logger: logger) { _ in }
        defer { device.close() }
        device.playback.begin()
        device.startStreaming()
        let clock = ContinuousClock()
        let start = clock.now
        try await device.playback.play(AudioSource(format: .slin, bytes: [UInt8](repeating: 1, count: 10 * 320)))
        let elapsed = clock.now - start
        device.stopStreaming()
        // Paced, not instant; the upper bound only catches a playback that
        // never ends (a loaded machine may take far longer than 200 ms).
        #expect(elapsed >= .milliseconds(170), "played in \(elapsed)")
        #expect(elapsed < .seconds(15), "played in \(elapsed)")
        #expect(device.statistics.periods >= 10)
    }

    @Test("The pacing decision: a first read far shorter than a period means the device keeps no time")
    func pacingDecision() {
        #expect(ConsolePeriodClock.deviceDoesNotKeepTime(firstReadTook: .microseconds(30), period: .milliseconds(20)))
        #expect(!ConsolePeriodClock.deviceDoesNotKeepTime(firstReadTook: .milliseconds(19), period: .milliseconds(20)))
    }
}
