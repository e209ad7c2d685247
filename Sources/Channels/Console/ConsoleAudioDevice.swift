import Foundation
import Logging

/// The sound card as the console uses it: a capture and a playback PCM and
/// the one I/O thread that moves audio between them and the call.
///
/// While a call streams, the thread reads one 20 ms period from the
/// microphone (blocking), hands it to `capture`, takes one period from
/// `playback` and writes it to the speaker (blocking while the device
/// buffer is full), so capture and playback stay in step. Underruns and
/// overruns are recovered in place and the call goes on.
///
/// Devices that do not keep time themselves (ALSA's `null` and `file`
/// plugins return at once) are noticed on the first read of a call, and the
/// thread then paces itself against the monotonic clock instead.
final class ConsoleAudioDevice: @unchecked Sendable {
    static let sampleRate = 8000
    /// 20 ms at 8 kHz.
    static let periodFrames = 160
    /// At most ~100 ms of output buffered in the device.
    static let bufferFrames = 800
    /// Silence written ahead at the start of a call (and after an underrun).
    static let prefillPeriods = 2

    let inputName: String
    let outputName: String
    let playback: ConsolePlayback
    let capture: ConsoleCapture
    private let input: any ConsolePCM
    private let output: any ConsolePCM
    private let logger: Logger
    /// Told when the device fails for good during a call (the call must end).
    private let onFailure: @Sendable (String) -> Void

    /// The I/O thread's life: parked between calls, streaming during one,
    /// asked to end, ended.
    private enum Mode {
        case idle, streaming, closing, finished
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var mode = Mode.idle
    private var counters = ConsoleAudioCounters()

    private init(input: any ConsolePCM, output: any ConsolePCM, logger: Logger, onFailure: @escaping @Sendable (String) -> Void) {
        self.input = input
        self.output = output
        self.inputName = input.name
        self.outputName = output.name
        self.logger = logger
        self.onFailure = onFailure
        let period = Self.periodFrames
        // Bridged audio waits at most 80 ms here, 40 ms when steady; with the
        // device's 40 ms lead that keeps output delay near 100 ms at worst.
        playback = ConsolePlayback(capacitySamples: 4 * period, primingSamples: 2 * period)
        capture = ConsoleCapture(capacitySamples: 5 * period)
    }

    /// Opens both devices (a missing or busy one throws, naming it) and starts the I/O thread.
    static func open(input inputName: String, output outputName: String, logger: Logger,
                     onFailure: @escaping @Sendable (String) -> Void) throws(ALSAError) -> ConsoleAudioDevice {
        let input = try ALSAPCM.open(name: inputName, direction: .capture, rate: sampleRate,
                                     periodFrames: periodFrames, bufferFrames: bufferFrames)
        let output: ALSAPCM
        do {
            output = try ALSAPCM.open(name: outputName, direction: .playback, rate: sampleRate,
                                      periodFrames: periodFrames, bufferFrames: bufferFrames)
        } catch {
            input.close()
            throw error
        }
        for pcm in [input, output] {
            logger.info("ALSA \(pcm.direction.rawValue) '\(pcm.name)': \(pcm.rate) Hz mono S16_LE, period \(pcm.periodFrames) frames, buffer \(pcm.bufferFrames) frames")
        }
        return start(input: input, output: output, logger: logger, onFailure: onFailure)
    }

    /// Starts the I/O thread over two PCMs already set up (tests hand in stand-ins).
    static func start(input: any ConsolePCM, output: any ConsolePCM, logger: Logger,
                      onFailure: @escaping @Sendable (String) -> Void) -> ConsoleAudioDevice {
        let device = ConsoleAudioDevice(input: input, output: output, logger: logger, onFailure: onFailure)
        let thread = Thread { device.run() }
        thread.name = "console-audio"
        thread.start()
        return device
    }

    /// Starts moving audio (a call began using the sound card).
    func startStreaming() {
        condition.withLock {
            if mode == .idle { mode = .streaming }
            condition.broadcast()
        }
    }

    /// Stops moving audio; returns at once, the thread stops within a period.
    func stopStreaming() {
        condition.withLock { if mode == .streaming { mode = .idle } }
    }

    /// Stops the thread, waits for it (at most ~1 s) and closes both devices.
    /// A thread still stuck in a device call after that keeps them open
    /// rather than having them closed under it.
    func close() {
        condition.withLock {
            if mode != .finished { mode = .closing }
            condition.broadcast()
        }
        let deadline = Date().addingTimeInterval(1)
        let finished = condition.withLock {
            while mode != .finished && condition.wait(until: deadline) {}
            return mode == .finished
        }
        if finished {
            input.close()
            output.close()
        }
    }

    var statistics: ConsoleAudioCounters { condition.withLock { counters } }

    private var isStreaming: Bool { condition.withLock { mode == .streaming } }

    // MARK: The I/O thread

    private func run() {
        while true {
            condition.lock()
            while mode == .idle { condition.wait() }
            let stop = mode != .streaming
            condition.unlock()
            if stop { break }
            stream()
        }
        condition.withLock {
            mode = .finished
            condition.broadcast()
        }
    }

    /// One call's worth of audio, until `stopStreaming` or a device failure.
    private func stream() {
        let period = Self.periodFrames
        var inputBuffer = [Int16](repeating: 0, count: period)
        var outputBuffer = [Int16](repeating: 0, count: period)
        input.prepare()
        output.prepare()
        if let failure = prefill() { return fail(failure) }
        input.start()
        var clock = ConsolePeriodClock(periodMilliseconds: 20)
        while isStreaming {
            let readStart = clock.now
            switch inputBuffer.withUnsafeMutableBufferPointer({ input.read(into: $0) }) {
            case .frames(let count):
                if count == 0 { continue }
                if count < period {
                    for index in count..<period { inputBuffer[index] = 0 }
                }
            case .xrun:
                condition.withLock { counters.overruns += 1 }
                logger.warning("ALSA capture overrun on '\(inputName)', recovered")
                guard input.recover() else { return fail("capture device '\(inputName)' cannot be recovered") }
                input.start()
                continue
            case .failed(let reason):
                return fail("capture device '\(inputName)': \(reason)")
            }
            if clock.pacesLoop == nil {
                clock.noteFirstRead(took: clock.now - readStart)
                if clock.pacesLoop == true {
                    logger.debug("ALSA '\(inputName)' returned a period at once: pacing the console by the system clock")
                }
            }
            inputBuffer.withUnsafeBufferPointer { capture.deliver($0) }
            outputBuffer.withUnsafeMutableBufferPointer { playback.fillPeriod($0) }
            if let failure = writePeriod(outputBuffer) { return fail(failure) }
            condition.withLock { counters.periods += 1 }
            playback.periodWritten()
            clock.waitForNextPeriod()
        }
        input.drop()
        output.drain()
    }

    /// Writes one period, recovering from an underrun (and refilling the
    /// lead of silence) once; a failure text when the device is gone.
    private func writePeriod(_ samples: [Int16]) -> String? {
        for _ in 0..<2 {
            switch samples.withUnsafeBufferPointer({ output.write($0) }) {
            case .frames:
                return nil
            case .xrun:
                condition.withLock { counters.underruns += 1 }
                logger.warning("ALSA playback underrun on '\(outputName)', recovered")
                guard output.recover() else { return "playback device '\(outputName)' cannot be recovered" }
                if let failure = prefill() { return failure }
            case .failed(let reason):
                return "playback device '\(outputName)': \(reason)"
            }
        }
        return nil
    }

    /// Writes the lead of silence that absorbs scheduling jitter.
    private func prefill() -> String? {
        let silence = [Int16](repeating: 0, count: Self.periodFrames)
        for _ in 0..<Self.prefillPeriods {
            if case .failed(let reason) = silence.withUnsafeBufferPointer({ output.write($0) }) {
                return "playback device '\(outputName)': \(reason)"
            }
        }
        return nil
    }

    private func fail(_ reason: String) {
        logger.error("Console sound device failed: \(reason)")
        input.drop()
        output.drop()
        condition.withLock { if mode == .streaming { mode = .idle } }
        playback.stop(error: ConsoleDeviceError(reason: reason))
        onFailure(reason)
    }
}

/// Counters for `console show`: periods moved and xruns recovered.
struct ConsoleAudioCounters: Sendable, Equatable {
    var periods = 0
    var underruns = 0
    var overruns = 0
}

/// The sound device failed while a call used it.
struct ConsoleDeviceError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "sound device failed: \(reason)" }
}
