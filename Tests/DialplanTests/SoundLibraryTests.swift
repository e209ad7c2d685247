import Foundation
@testable import PBXCore
import Testing

@Suite struct SoundLibraryTests {
    /// A short ramp of µ-law codes covering both signs.
    let ulawBytes: [UInt8] = (0..<160).map { UInt8(($0 * 37) & 0xFF) }

    @Test func exactFormatIsServedAsStored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let alawBytes: [UInt8] = (0..<160).map { UInt8(($0 * 11) & 0xFF) }
        try directory.write("hello-world.ulaw", ulawBytes)
        try directory.write("hello-world.alaw", alawBytes)
        let library = SoundLibrary(directory: directory.path)

        let ulaw = try library.load("hello-world", for: .ulaw)
        #expect(ulaw.format == .ulaw)
        #expect(ulaw.bytes == ulawBytes)
        let alaw = try library.load("hello-world", for: .alaw)
        #expect(alaw.format == .alaw)
        #expect(alaw.bytes == alawBytes)
    }

    @Test func ulawIsConvertedForAnALawChannel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("beep.ulaw", ulawBytes)
        let library = SoundLibrary(directory: directory.path)

        let alaw = try library.load("beep", for: .alaw)
        #expect(alaw.format == .alaw)
        #expect(alaw.bytes.count == ulawBytes.count)
        for (original, converted) in zip(ulawBytes, alaw.bytes) {
            let before = Int(G711.linear(fromULaw: original))
            let after = Int(G711.linear(fromALaw: converted))
            // The A-law code must be the nearest one to the µ-law value.
            #expect(converted == G711.alaw(fromLinear: Int16(before)))
            #expect(abs(before - after) <= max(16, abs(before) / 16))
        }
        // And back: an A-law file for a µ-law channel.
        try directory.write("tone.alaw", alaw.bytes)
        let back = try library.load("tone", for: .ulaw)
        #expect(back.bytes == G711.alawToULaw(alaw.bytes))
    }

    @Test func linearSourceIsPreferredOverTheOtherLaw() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let samples: [Int16] = (0..<160).map { Int16(($0 - 80) * 300) }
        try directory.write("prompt.ulaw", ulawBytes)
        try directory.write("prompt.sln", WAVBuilder.sln(samples))
        let library = SoundLibrary(directory: directory.path)

        // An A-law channel: one quantisation from .sln beats two from .ulaw.
        #expect(try library.load("prompt", for: .alaw).bytes == G711.encodeALaw(samples))
        // A linear channel gets the linear file untouched.
        #expect(try library.load("prompt", for: .slin).bytes == WAVBuilder.sln(samples))
    }

    @Test func wideBandSourceIsDownsampledForANarrowBandChannel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // 200 ms at 16 kHz of a constant: once the resampler's filter has
        // filled (a few ms), a constant comes out as the same constant.
        let samples = [Int16](repeating: 4000, count: 3200)
        try directory.write("wide.sln16", WAVBuilder.sln(samples))
        let library = SoundLibrary(directory: directory.path)

        let ulaw = try library.load("wide", for: .ulaw)
        #expect(ulaw.bytes.count == 1600)
        let expected = Int(G711.linear(fromULaw: G711.ulaw(fromLinear: 4000)))
        #expect(ulaw.bytes[160..<1500].allSatisfy { abs(Int(G711.linear(fromULaw: $0)) - expected) <= 140 })
        #expect(ulaw.duration == .milliseconds(200))
        let wide = try library.load("wide", for: .slin16)
        #expect(wide.bytes == WAVBuilder.sln(samples))
    }

    @Test func downsamplingRemovesTheHighestFrequency() throws {
        // A tone at the 16 kHz stream's Nyquist frequency cannot exist at 8 kHz.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let nyquist: [Int16] = (0..<3200).map { $0 % 2 == 0 ? 8000 : -8000 }
        try directory.write("edge.sln16", WAVBuilder.sln(nyquist))
        let library = SoundLibrary(directory: directory.path)
        let narrow = try library.load("edge", for: .slin)
        #expect(narrow.bytes.count == 3200)
        let samples = stride(from: 0, to: narrow.bytes.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(narrow.bytes[$0]) | UInt16(narrow.bytes[$0 + 1]) << 8)
        }
        #expect(samples[200...].allSatisfy { abs(Int($0)) < 80 })
    }

    @Test func g722FileIsServedToAG722ChannelAndDecodedForOthers() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let tone: [Int16] = (0..<3200).map { Int16(8000 * sin(2 * Double.pi * 1000 * Double($0) / 16000)) }
        let encoder = try #require(SpanDSPCodec(.g722Encoder))
        var g722: [UInt8] = []
        WAVBuilder.sln(tone).withUnsafeBytes { encoder.convert($0, into: &g722) }
        try directory.write("hello.g722", g722)
        try directory.write("hello.ulaw", [UInt8](repeating: 0xFF, count: 1600))
        let library = SoundLibrary(directory: directory.path)
        // Same format: untouched, 160 bytes (160 RTP ticks) per frame.
        let same = try library.load("hello", for: .g722)
        #expect(same.bytes == g722)
        #expect(same.bytesPerFrame == 160 && same.ticksPerFrame == 160)
        // A wide-band linear channel gets the decoded G.722, not the µ-law file.
        let wide = try library.load("hello", for: .slin16)
        #expect(wide.bytes.count == 6400)
        // A µ-law channel gets the µ-law file: no transcoding beats any.
        #expect(try library.load("hello", for: .ulaw).bytes.allSatisfy { $0 == 0xFF })
        // An Opus channel gets whole packets, one per 20 ms.
        let opus = try library.load("hello", for: .opus)
        #expect(opus.frameCount == 10)
        #expect(opus.frameEnds.count == 10)
    }

    @Test func wavFilesAreReadAndConverted() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let samples: [Int16] = (0..<160).map { Int16(($0 - 80) * 200) }
        try directory.write("vm-intro.wav", WAVBuilder.pcm16(samples, rate: 8000))
        let library = SoundLibrary(directory: directory.path)

        #expect(try library.load("vm-intro", for: .slin).bytes == WAVBuilder.sln(samples))
        #expect(try library.load("vm-intro", for: .ulaw).bytes == G711.encodeULaw(samples))
    }

    @Test func aNarrowBandFileBeatsAWideBandWAVForANarrowBandChannel() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("menu.ulaw", ulawBytes)
        try directory.write("menu.wav", WAVBuilder.pcm16([Int16](repeating: 1, count: 320), rate: 16000))
        let library = SoundLibrary(directory: directory.path)
        #expect(try library.load("menu", for: .ulaw).bytes == ulawBytes)
        // For a wide-band channel the WAV needs no conversion at all.
        #expect(try library.load("menu", for: .slin16).bytes.count == 640)
    }

    @Test func relativePathsAndTheLanguageFolderAreSearched() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("digits/1.ulaw", [1, 2, 3])
        try directory.write("en/vm-goodbye.ulaw", [4, 5])
        let library = SoundLibrary(directory: directory.path)
        #expect(try library.load("digits/1", for: .ulaw).bytes == [1, 2, 3])
        #expect(try library.load("vm-goodbye", for: .ulaw).bytes == [4, 5])
    }

    @Test func aLoadedSoundIsCached() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("hot.ulaw", ulawBytes)
        let library = SoundLibrary(directory: directory.path)
        _ = try library.load("hot", for: .ulaw)
        try FileManager.default.removeItem(atPath: directory.path + "/hot.ulaw")
        #expect(try library.load("hot", for: .ulaw).bytes == ulawBytes)
        #expect(library.cachedCount == 1)
        library.removeCachedSounds()
        #expect(throws: SoundError.notFound(name: "hot", directory: directory.path)) {
            try library.load("hot", for: .ulaw)
        }
    }

    @Test(arguments: ["", "../etc/passwd", "/etc/passwd", "digits/../../x", "a//b"])
    func unsafeNamesAreRefused(name: String) {
        let library = SoundLibrary(directory: "/nonexistent")
        #expect(throws: SoundError.invalidName(name: name)) { try library.load(name, for: .ulaw) }
    }

    @Test func errorsNameTheSoundAndDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let library = SoundLibrary(directory: directory.path)
        do {
            _ = try library.load("no-such-sound", for: .ulaw)
            Issue.record("a missing sound loaded")
        } catch {
            #expect(error.description.contains("no-such-sound"))
            #expect(error.description.contains(directory.path))
        }
        try directory.write("broken.wav", Array("not a wave".utf8))
        #expect(throws: SoundError.invalidFile(
            name: "broken", path: directory.path + "/broken.wav", reason: "is not a RIFF/WAVE file")
        ) {
            try library.load("broken", for: .ulaw)
        }
    }
}
