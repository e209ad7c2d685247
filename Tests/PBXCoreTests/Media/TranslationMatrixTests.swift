@testable import PBXCore
import Testing

/// The path and cost chosen for every pair of formats, against an
/// independent statement of the rule: decode to signed linear at the codec's
/// own rate, resample once, encode; µ-law and A-law convert directly.
@Suite struct TranslationMatrixTests {
    static let matrix = TranslationMatrix.withBuiltinCodecs()
    static let formats: [AudioFormat] = [.ulaw, .alaw, .g722, .opus, .g726, .gsm, .slin, .slin16, .slin48]

    /// The signed-linear format a codec decodes to.
    static func linear(_ format: AudioFormat) -> AudioFormat {
        switch format {
        case .g722, .opus: .slin16
        case .slin, .slin16, .slin48: format
        default: .slin
        }
    }

    static func expected(_ source: AudioFormat, _ destination: AudioFormat) -> (path: [AudioFormat], cost: Int) {
        if Set([source, destination]) == Set([AudioFormat.ulaw, .alaw]) { return ([source, destination], 250) }
        var path = [source]
        var cost = 0
        if !source.isSignedLinear { path.append(linear(source)); cost += 100 }
        let from = linear(source), to = linear(destination)
        if from != to {
            path.append(to)
            cost += to.sampleRate > from.sampleRate ? 60 : 210
        }
        if !destination.isSignedLinear { path.append(destination); cost += 200 }
        return (path, cost)
    }

    static let pairs: [(AudioFormat, AudioFormat)] = formats.flatMap { a in formats.filter { $0 != a }.map { (a, $0) } }

    @Test(arguments: pairs)
    func cheapestPathAndCost(source: AudioFormat, destination: AudioFormat) throws {
        let path = try #require(Self.matrix.path(from: source, to: destination))
        let (formats, cost) = Self.expected(source, destination)
        #expect(path.description == formats.map(\.name).joined(separator: " -> "))
        #expect(path.qualityCost == cost)
        #expect(path.cpuMicroseconds > 0)
        // The path really converts 20 ms of its source into 20 ms of its destination.
        let chain = try #require(path.makeChain())
        let input = try #require(TranslatorMeasurement.inputFrames(for: source, helpers: Self.matrix.translators)?.first)
        var output: [UInt8] = []
        input.withUnsafeBytes { chain.convert($0, into: &output) }
        if let bytes = destination.bytes(milliseconds: 20) {
            #expect(output.count == bytes)
        } else {
            #expect(!output.isEmpty)
        }
    }

    @Test func examplesInWords() throws {
        #expect(Self.matrix.path(from: .ulaw, to: .g722)?.description == "ulaw -> slin -> slin16 -> g722")
        #expect(Self.matrix.path(from: .opus, to: .alaw)?.description == "opus -> slin16 -> slin -> alaw")
        #expect(Self.matrix.path(from: .ulaw, to: .alaw)?.steps.map(\.name) == ["ulawtoalaw"])
        #expect(Self.matrix.path(from: .ulaw, to: .ulaw) == nil)
        #expect(Self.matrix.canTranslate(from: .ulaw, to: .ulaw))
    }

    @Test func unloadingACodecRemovesItsPathsAndLoadingRestoresThem() {
        let matrix = TranslationMatrix.withBuiltinCodecs()
        #expect(matrix.path(from: .ulaw, to: .g722) != nil)
        matrix.unregister(owner: CodecCatalog.g722.module)
        #expect(matrix.path(from: .ulaw, to: .g722) == nil)
        #expect(matrix.path(from: .g722, to: .slin16) == nil)
        #expect(matrix.path(from: .ulaw, to: .opus) != nil)
        // Without the resampler nothing crosses rates at all.
        matrix.unregister(owner: CodecCatalog.resample.module)
        #expect(matrix.path(from: .ulaw, to: .opus) == nil)
        #expect(matrix.path(from: .ulaw, to: .alaw) != nil)
        matrix.register(CodecCatalog.g722.translators, owner: CodecCatalog.g722.module)
        matrix.register(CodecCatalog.resample.translators, owner: CodecCatalog.resample.module)
        #expect(matrix.path(from: .ulaw, to: .g722)?.qualityCost == 360)
        #expect(matrix.measuredMicroseconds("lin16tog722") ?? 0 > 0)
    }

    @Test func liveChainsCountAsUsesOfTheirModules() throws {
        let matrix = TranslationMatrix.withBuiltinCodecs()
        var chain = matrix.makeChain(from: .ulaw, to: .g722)
        #expect(chain != nil)
        #expect(matrix.useCount(owner: CodecCatalog.g722.module) == 1)
        #expect(matrix.useCount(owner: CodecCatalog.ulaw.module) == 1)
        #expect(matrix.useCount(owner: CodecCatalog.resample.module) == 1)
        #expect(matrix.useCount(owner: CodecCatalog.opus.module) == 0)
        chain = nil
        #expect(matrix.useCount(owner: CodecCatalog.g722.module) == 0)
        #expect(chain == nil)
    }

    @Test func consoleTablesListEveryFormat() {
        let table = TranslationCommands.translationTable(Self.matrix)
        #expect(table.contains("Translation times between formats (in microseconds) for one second of data"))
        let rows = table.split(separator: "\n").filter { line in Self.formats.contains { line.hasPrefix($0.name + " ") } }
        #expect(rows.count == Self.formats.count)
        // Each row: its name, then one cell per destination ('-' on the diagonal).
        #expect(rows.allSatisfy { $0.split(separator: " ").count == Self.formats.count + 1 })
        let codecs = TranslationCommands.codecList(Self.matrix)
        #expect(codecs.contains("g722") && codecs.contains("9 G722/8000") && codecs.contains("107 opus/48000/2"))
        #expect(!TranslationCommands.codecList(TranslationMatrix()).isEmpty)
    }
}
