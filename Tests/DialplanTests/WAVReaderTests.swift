import PBXCore
import Testing

@Suite struct WAVReaderTests {
    @Test func readsMonoPCMAtBothRates() throws {
        let samples: [Int16] = [0, 1000, -1000, 32767, -32768]
        for (rate, format) in [(8000, AudioFormat.slin), (16000, .slin16)] {
            let wav = try WAVReader(bytes: WAVBuilder.pcm16(samples, rate: rate))
            #expect(wav.encoding == .pcm16)
            #expect(wav.sampleRate == rate)
            #expect(wav.format == format)
            #expect(wav.data == WAVBuilder.sln(samples))
        }
    }

    @Test func readsG711Wave() throws {
        let ulaw = try WAVReader(bytes: WAVBuilder.wave(tag: 7, channels: 1, rate: 8000, bits: 8, data: [1, 2, 3]))
        #expect(ulaw.format == .ulaw)
        #expect(ulaw.data == [1, 2, 3])
        let alaw = try WAVReader(bytes: WAVBuilder.wave(tag: 6, channels: 1, rate: 8000, bits: 8, data: [9]))
        #expect(alaw.format == .alaw)
    }

    @Test func skipsUnknownChunks() throws {
        var bytes = WAVBuilder.pcm16([5, 6], rate: 8000)
        // Put a LIST chunk of odd length (padded) between the header and "fmt ".
        let list: [UInt8] = Array("LIST".utf8) + WAVBuilder.le32(3) + [1, 2, 3, 0]
        bytes.insert(contentsOf: list, at: 12)
        let wav = try WAVReader(bytes: bytes)
        #expect(wav.data == WAVBuilder.sln([5, 6]))
    }

    @Test func refusesWhatItCannotPlay() {
        #expect(throws: WAVReader.Failure.notWAVE) { try WAVReader(bytes: Array("hello".utf8)) }
        #expect(throws: WAVReader.Failure.unsupported("2 channels (mono only)")) {
            try WAVReader(bytes: WAVBuilder.pcm16([1, 2], rate: 8000, channels: 2))
        }
        #expect(throws: WAVReader.Failure.unsupported("sample rate 44100 Hz")) {
            try WAVReader(bytes: WAVBuilder.pcm16([1, 2], rate: 44100))
        }
        #expect(throws: WAVReader.Failure.unsupported("format tag 1 with 8 bits per sample")) {
            try WAVReader(bytes: WAVBuilder.wave(tag: 1, channels: 1, rate: 8000, bits: 8, data: [1]))
        }
        let noData = Array(WAVBuilder.pcm16([], rate: 8000).prefix(36))
        #expect(throws: WAVReader.Failure.missingChunk("data")) { try WAVReader(bytes: noData) }
    }

    @Test func truncatedDataKeepsWhatIsThere() throws {
        let full = WAVBuilder.pcm16([100, 200, 300], rate: 8000)
        // Cut in the middle of the last sample.
        let wav = try WAVReader(bytes: Array(full.dropLast(1)))
        #expect(wav.data == WAVBuilder.sln([100, 200]))
    }
}
