/// What the console's I/O loop needs from one PCM: `ALSAPCM` in the PBX, a
/// scripted stand-in in tests (xruns and failures on demand).
protocol ConsolePCM: AnyObject, Sendable {
    var name: String { get }
    @discardableResult func prepare() -> Bool
    func start()
    func drop()
    func drain()
    /// Reads up to `samples.count` frames, blocking until they are there.
    func read(into samples: UnsafeMutableBufferPointer<Int16>) -> PCMTransfer
    /// Writes `samples`, blocking while the device buffer is full.
    func write(_ samples: UnsafeBufferPointer<Int16>) -> PCMTransfer
    /// Back to a usable state after an xrun; false if the device is lost.
    func recover() -> Bool
    func close()
}

/// What a period read or write came to.
enum PCMTransfer: Equatable, Sendable {
    /// This many frames moved.
    case frames(Int)
    /// An underrun (playback) or overrun (capture): recover and go on.
    case xrun
    /// The device went away or failed for good; the text says why.
    case failed(String)
}
