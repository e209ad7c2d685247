import Foundation
import PBXCore

// Converts one raw sound file to another format with the PBX's own codecs,
// for the formats no packaged tool writes (G.722, G.726, GSM):
//     swift run SoundEncoder sounds/hello-world.sln16 sounds/hello-world.g722
// Formats come from the file extensions (sln, sln16, sln48, ulaw, alaw, g722, g726, gsm).

func format(forExtension fileExtension: String) -> AudioFormat? {
    switch fileExtension {
    case "sln": .slin
    case "sln16": .slin16
    case "sln48": .slin48
    default: AudioFormat.named(fileExtension)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SoundEncoder: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let inputPath = arguments.first, let outputPath = arguments.last else {
    fail("usage: SoundEncoder INPUT.ext OUTPUT.ext")
}
guard let source = format(forExtension: (inputPath as NSString).pathExtension),
      let destination = format(forExtension: (outputPath as NSString).pathExtension),
      let frameBytes = source.bytes(milliseconds: 20), destination.framing != .variable else {
    fail("unsupported formats for '\(inputPath)' -> '\(outputPath)'")
}
guard let data = FileManager.default.contents(atPath: inputPath) else { fail("cannot read '\(inputPath)'") }
guard let chain = TranslationMatrix.withBuiltinCodecs().makeChain(from: source, to: destination) else {
    fail("no translation path from \(source) to \(destination)")
}
let bytes = [UInt8](data)
var output: [UInt8] = []
var frame: [UInt8] = []
for start in stride(from: 0, to: bytes.count, by: frameBytes) {
    frame = Array(bytes[start..<min(start + frameBytes, bytes.count)])
    // The last frame is padded with silence so block codecs get whole blocks.
    if frame.count < frameBytes { frame += repeatElement(source.silenceByte ?? 0, count: frameBytes - frame.count) }
    frame.withUnsafeBytes { chain.convert($0, into: &output) }
}
guard FileManager.default.createFile(atPath: outputPath, contents: Data(output)) else { fail("cannot write '\(outputPath)'") }
