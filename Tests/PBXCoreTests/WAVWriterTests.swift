import PBXCore
import Testing

@Suite struct WAVWriterTests {
    @Test func whatItWritesReadsBackAs8kHzPCM() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234]
        let bytes = WAVWriter.header(sampleCount: samples.count) + WAVWriter.bytes(of: samples)
        #expect(WAVWriter.header(sampleCount: 0).count == WAVWriter.headerSize)
        let wav = try WAVReader(bytes: bytes)
        #expect(wav.format == .slin)
        #expect(wav.sampleRate == 8000)
        #expect(LinearPCM.samples(littleEndian: wav.data) == samples)
    }
}
