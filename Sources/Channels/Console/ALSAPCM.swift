import CALSA

/// One open ALSA PCM (libasound), set up for the console: 16-bit signed
/// little-endian mono at a fixed rate, read and written in whole periods.
///
/// The only type that imports CALSA: the `snd_pcm_t` handle never leaves it.
/// After `open` the PCM is used by one thread at a time (the console's I/O
/// thread; the module opens and closes it while that thread is stopped),
/// which is why it may be handed between threads.
final class ALSAPCM: ConsolePCM, @unchecked Sendable {
    enum Direction: String, Sendable {
        case playback, capture
    }

    let name: String
    let direction: Direction
    /// The rate the device accepted (it may round the one asked for).
    let rate: Int
    let periodFrames: Int
    let bufferFrames: Int
    private var handle: OpaquePointer?

    private init(name: String, direction: Direction, handle: OpaquePointer, rate: Int, periodFrames: Int, bufferFrames: Int) {
        self.name = name
        self.direction = direction
        self.handle = handle
        self.rate = rate
        self.periodFrames = periodFrames
        self.bufferFrames = bufferFrames
    }

    /// Opens `name` (any PCM name libasound knows: `default`, `plughw:1`, a
    /// definition from `ALSA_CONFIG_PATH` or `~/.asoundrc`) and sets it up.
    /// A busy device fails at once rather than blocking the caller.
    static func open(name: String, direction: Direction, rate: Int, periodFrames: Int, bufferFrames: Int) throws(ALSAError) -> ALSAPCM {
        calsa_silence_library_errors()
        var opened: OpaquePointer?
        let stream = direction == .playback ? SND_PCM_STREAM_PLAYBACK : SND_PCM_STREAM_CAPTURE
        var code = snd_pcm_open(&opened, name, stream, SND_PCM_NONBLOCK)
        guard code >= 0, let pcm = opened else {
            var reason = describe(code)
            switch code {
            case -ENOENT: reason += " (no PCM of that name is defined, or there is no sound card)"
            case -EBUSY: reason += " (another program is using the device)"
            default: break
            }
            throw ALSAError(device: name, direction: direction, step: "open", reason: reason)
        }
        // Opened without blocking so a busy card fails fast; audio I/O blocks.
        code = snd_pcm_nonblock(pcm, 0)
        var allocated: OpaquePointer?
        guard snd_pcm_hw_params_malloc(&allocated) >= 0, let hardware = allocated else {
            snd_pcm_close(pcm)
            throw ALSAError(device: name, direction: direction, step: "hw_params", reason: "out of memory")
        }
        defer { snd_pcm_hw_params_free(hardware) }
        var actualRate = UInt32(rate)
        var period = snd_pcm_uframes_t(periodFrames)
        var buffer = snd_pcm_uframes_t(bufferFrames)
        var direction0: Int32 = 0
        let steps: [(String, () -> Int32)] = [
            ("nonblock", { code }),
            ("hw_params_any", { snd_pcm_hw_params_any(pcm, hardware) }),
            ("access", { snd_pcm_hw_params_set_access(pcm, hardware, SND_PCM_ACCESS_RW_INTERLEAVED) }),
            ("format S16_LE", { snd_pcm_hw_params_set_format(pcm, hardware, SND_PCM_FORMAT_S16_LE) }),
            ("mono", { snd_pcm_hw_params_set_channels(pcm, hardware, 1) }),
            ("rate \(rate)", { snd_pcm_hw_params_set_rate_near(pcm, hardware, &actualRate, &direction0) }),
            ("period \(periodFrames) frames", { snd_pcm_hw_params_set_period_size_near(pcm, hardware, &period, &direction0) }),
            ("buffer \(bufferFrames) frames", { snd_pcm_hw_params_set_buffer_size_near(pcm, hardware, &buffer) }),
            ("hw_params", { snd_pcm_hw_params(pcm, hardware) }),
        ]
        for (step, run) in steps {
            let result = run()
            if result < 0 {
                snd_pcm_close(pcm)
                throw ALSAError(device: name, direction: direction, step: step, reason: describe(result))
            }
        }
        guard Int(actualRate) == rate else {
            snd_pcm_close(pcm)
            throw ALSAError(device: name, direction: direction, step: "rate \(rate)", reason: "the device offers \(actualRate) Hz only")
        }
        return ALSAPCM(name: name, direction: direction, handle: pcm, rate: rate, periodFrames: Int(period), bufferFrames: Int(buffer))
    }

    /// Makes the PCM ready to run again after `drop` or an error.
    @discardableResult
    func prepare() -> Bool {
        guard let handle else { return false }
        return snd_pcm_prepare(handle) >= 0
    }

    /// Starts a prepared capture PCM (playback starts on its first write).
    func start() {
        guard let handle else { return }
        _ = snd_pcm_start(handle)
    }

    /// Stops at once, discarding what is buffered.
    func drop() {
        guard let handle else { return }
        _ = snd_pcm_drop(handle)
    }

    /// Plays out what is buffered, then stops (playback).
    func drain() {
        guard let handle else { return }
        _ = snd_pcm_drain(handle)
    }

    /// Reads up to `samples.count` frames, blocking until they are there.
    func read(into samples: UnsafeMutableBufferPointer<Int16>) -> PCMTransfer {
        guard let handle, let base = samples.baseAddress else { return .failed("closed") }
        return transfer(snd_pcm_readi(handle, base, snd_pcm_uframes_t(samples.count)))
    }

    /// Writes `samples`, blocking while the device buffer is full.
    func write(_ samples: UnsafeBufferPointer<Int16>) -> PCMTransfer {
        guard let handle, let base = samples.baseAddress else { return .failed("closed") }
        return transfer(snd_pcm_writei(handle, base, snd_pcm_uframes_t(samples.count)))
    }

    /// After an xrun (or a suspend): puts the stream back in a state where
    /// reads and writes work; false if the device cannot be recovered.
    func recover() -> Bool {
        guard let handle else { return false }
        let result = snd_pcm_recover(handle, -EPIPE, 1)
        if result < 0 { return snd_pcm_prepare(handle) >= 0 }
        return true
    }

    func close() {
        guard let handle else { return }
        snd_pcm_close(handle)
        self.handle = nil
    }

    deinit { close() }

    private func transfer(_ result: snd_pcm_sframes_t) -> PCMTransfer {
        if result >= 0 { return .frames(Int(result)) }
        switch Int32(result) {
        case -EINTR, -EAGAIN: return .frames(0)
        case -EPIPE, -ESTRPIPE: return .xrun
        default: return .failed(Self.describe(Int32(result)))
        }
    }

    /// libasound's text for an error code (`No such file or directory`).
    static func describe(_ code: Int32) -> String {
        String(cString: snd_strerror(code))
    }
}

/// Why a sound device could not be used: which one, for what, and ALSA's reason.
struct ALSAError: Error, Sendable, Equatable, CustomStringConvertible {
    let device: String
    let direction: ALSAPCM.Direction
    let step: String
    let reason: String

    var description: String {
        "cannot use ALSA \(direction.rawValue) device '\(device)' (\(step)): \(reason)"
    }
}
