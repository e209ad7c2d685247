/// Builds RIFF/WAVE bytes for tests, field by field as the format lays them out.
enum WAVBuilder {
    static func pcm16(_ samples: [Int16], rate: Int, channels: Int = 1) -> [UInt8] {
        var data: [UInt8] = []
        for sample in samples {
            data += le16(Int(UInt16(bitPattern: sample)))
        }
        return wave(tag: 1, channels: channels, rate: rate, bits: 16, data: data)
    }

    static func wave(tag: Int, channels: Int, rate: Int, bits: Int, data: [UInt8]) -> [UInt8] {
        let blockAlign = channels * bits / 8
        var format: [UInt8] = []
        format += le16(tag) + le16(channels) + le32(rate) + le32(rate * blockAlign)
        format += le16(blockAlign) + le16(bits)
        var body: [UInt8] = Array("WAVE".utf8)
        body += Array("fmt ".utf8) + le32(format.count) + format
        body += Array("data".utf8) + le32(data.count) + data
        if data.count % 2 == 1 { body.append(0) }
        return Array("RIFF".utf8) + le32(body.count) + body
    }

    static func le16(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)]
    }

    static func le32(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8((value >> 24) & 0xFF)]
    }

    /// Little-endian bytes of samples, as a `.sln` file holds them.
    static func sln(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { le16(Int(UInt16(bitPattern: $0))) }
    }
}
