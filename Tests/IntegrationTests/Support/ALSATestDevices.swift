import Foundation

/// Sound devices with no hardware, from ALSA's own plugins, for the
/// `Console` channel: a configuration file `ALSA_CONFIG_PATH` points at,
/// which includes the system's alsa.conf and adds two PCMs.
///
/// - `pbxout`: `type file` over a `null` slave: what is played lands in
///   `output.raw` (S16_LE mono 8 kHz, no header).
/// - `pbxin`: `type file` with `infile` over a `null` slave: capture reads
///   `input.raw`, then silence once the file ends.
///
/// Neither keeps time on libasound 1.2.8 (the `null` plugin returns at
/// once), so the channel's I/O thread paces itself; that is what is tested.
final class ALSATestDevices {
    let directory: URL
    let configuration: URL
    let output: URL
    let input: URL

    /// `inputSamples` is what the "microphone" says.
    init(inputSamples: [Int16]) throws {
        directory = try TestEnvironment.temporaryDirectory("alsa")
        configuration = directory.appendingPathComponent("asound.conf")
        output = directory.appendingPathComponent("output.raw")
        input = directory.appendingPathComponent("input.raw")
        var raw = Data(capacity: inputSamples.count * 2)
        for sample in inputSamples {
            let value = UInt16(bitPattern: sample)
            raw.append(UInt8(value & 0xFF))
            raw.append(UInt8(value >> 8))
        }
        try raw.write(to: input)
        let text = """
            </usr/share/alsa/alsa.conf>
            pcm.pbxout {
                type file
                slave.pcm "null"
                file "\(output.path)"
                format "raw"
            }
            pcm.pbxin {
                type file
                slave.pcm "null"
                file "/dev/null"
                infile "\(input.path)"
                format "raw"
            }

            """
        try text.write(to: configuration, atomically: true, encoding: .utf8)
    }

    var environment: [String: String] { ["ALSA_CONFIG_PATH": configuration.path] }

    /// alsa.conf for the PBX using these devices.
    func alsaConf(extension exten: String = "1000", autoanswer: Bool = true) -> String {
        """
        [general]
        input_device=pbxin
        output_device=pbxout
        context=default
        extension=\(exten)
        autoanswer=\(autoanswer ? "yes" : "no")

        """
    }

    /// Everything played so far, as samples.
    var played: ToneAnalysis.Audio {
        let bytes = [UInt8]((try? Data(contentsOf: output)) ?? Data())
        let samples = stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
        return ToneAnalysis.Audio(samples: samples, sampleRate: 8000)
    }

    /// Waits until the played file stops growing (at most `timeout` s).
    func waitForPlayedToSettle(timeout: TimeInterval = 5) {
        let deadline = Date().addingTimeInterval(timeout)
        var last = -1
        while Date() < deadline {
            let size = ((try? FileManager.default.attributesOfItem(atPath: output.path))?[.size] as? Int) ?? 0
            if size == last && size > 0 { return }
            last = size
            usleep(200_000)
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}
