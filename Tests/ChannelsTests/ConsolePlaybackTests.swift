@testable import Channels
import PBXCore
import Testing

@Suite("ConsolePlayback: what the sound card plays, period by period")
struct ConsolePlaybackTests {
    private func period(_ playback: ConsolePlayback, size: Int = 4) -> [Int16] {
        var output = [Int16](repeating: 99, count: size)
        output.withUnsafeMutableBufferPointer { playback.fillPeriod($0) }
        return output
    }

    private static func slin(_ samples: [Int16]) -> AudioSource {
        AudioSource(format: .slin, bytes: samples.flatMap { [UInt8(UInt16(bitPattern: $0) & 0xFF), UInt8(UInt16(bitPattern: $0) >> 8)] })
    }

    @Test("A sound plays period by period, the last padded with silence, and play returns after its last period")
    func playsSource() async throws {
        let playback = ConsolePlayback(capacitySamples: 16, primingSamples: 0)
        playback.begin()
        let task = Task { try await playback.play(Self.slin([1, 2, 3, 4, 5, -6])) }
        // The first period with sound in it (play registers it on its task).
        var first = [Int16](repeating: 0, count: 4)
        for _ in 0..<200 {
            first = period(playback)
            if first != [0, 0, 0, 0] { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(first == [1, 2, 3, 4])
        playback.periodWritten()
        #expect(period(playback) == [5, -6, 0, 0])
        playback.periodWritten()
        try await task.value
        #expect(period(playback) == [0, 0, 0, 0])
    }

    @Test("µ-law sounds are decoded")
    func ulawSource() async throws {
        let playback = ConsolePlayback(capacitySamples: 16, primingSamples: 0)
        playback.begin()
        let codes: [UInt8] = [0x00, 0x80, 0xFF, 0x7F]
        let task = Task { try await playback.play(AudioSource(format: .ulaw, bytes: codes)) }
        var output = [Int16](repeating: 0, count: 4)
        for _ in 0..<200 {
            output.withUnsafeMutableBufferPointer { playback.fillPeriod($0) }
            if output != [0, 0, 0, 0] { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(output == codes.map { G711.linear(fromULaw: $0) })
        playback.periodWritten()
        try await task.value
    }

    @Test("Hanging up ends a sound in progress with hungUp, and play between calls fails at once")
    func stopEndsPlay() async throws {
        let playback = ConsolePlayback(capacitySamples: 16, primingSamples: 0)
        await #expect(throws: ChannelError.hungUp) { try await playback.play(Self.slin([1])) }
        playback.begin()
        let task = Task { try await playback.play(Self.slin([Int16](repeating: 7, count: 100))) }
        try await Task.sleep(for: .milliseconds(50))
        playback.stop(error: ChannelError.hungUp)
        await #expect(throws: ChannelError.hungUp) { try await task.value }
    }

    @Test("Bridged audio plays when no sound does, after priming")
    func bridgedAudio() {
        let playback = ConsolePlayback(capacitySamples: 16, primingSamples: 4)
        playback.begin()
        playback.receive(count: 2) { Int16($0 + 1) }
        #expect(period(playback) == [0, 0, 0, 0])
        playback.receive(count: 4) { Int16($0 + 3) }
        #expect(period(playback) == [1, 2, 3, 4])
        #expect(period(playback) == [5, 6, 0, 0])
    }
}
