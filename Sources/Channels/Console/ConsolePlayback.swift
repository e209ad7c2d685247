import NIOConcurrencyHelpers
import PBXCore

/// What the sound card plays, one period at a time: a sound a dialplan
/// application plays (`Playback`), or else the bridged peer's audio, or
/// else silence. The I/O thread pulls; the bridge and `play` push.
final class ConsolePlayback: Sendable {
    private struct Playing {
        var source: AudioSource
        /// Index of the next sample of `source` to play.
        var nextSample = 0
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var ring: ConsoleSampleRing
        var playing: Playing?
        /// Set when the last period of `playing` was handed to the device.
        var sourceExhausted = false
        /// False between calls: a `play` then fails at once instead of waiting.
        var accepting = false
    }

    private let state: NIOLockedValueBox<State>

    /// `capacitySamples` bounds what waits here (part of the output delay);
    /// `primingSamples` is the jitter allowance for bridged audio.
    init(capacitySamples: Int, primingSamples: Int) {
        state = NIOLockedValueBox(State(ring: ConsoleSampleRing(capacity: capacitySamples, primingSamples: primingSamples)))
    }

    /// Audio from the bridged peer (called on the endpoint's event loop):
    /// `count` samples produced by `sample(i)`, decoded straight into the ring.
    func receive(count: Int, _ sample: (Int) -> Int16) {
        state.withLockedValue { $0.ring.write(count: count, sample) }
    }

    /// Plays `source` on the sound card; returns when its last period went
    /// to the device. A newer `play` or the end of the call ends it with an error.
    func play(_ source: AudioSource) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (accepted, replaced) = state.withLockedValue { state -> (Bool, Playing?) in
                guard state.accepting else { return (false, nil) }
                let previous = state.playing
                state.playing = Playing(source: source, continuation: continuation)
                state.sourceExhausted = false
                return (true, previous)
            }
            guard accepted else {
                continuation.resume(throwing: ChannelError.hungUp)
                return
            }
            replaced?.continuation.resume(throwing: ChannelError.invalidState("playback replaced"))
        }
    }

    /// The I/O thread's next period: the playing sound first, the bridged
    /// audio otherwise, silence where neither has anything.
    func fillPeriod(_ output: UnsafeMutableBufferPointer<Int16>) {
        state.withLockedValue { state in
            guard var playing = state.playing, !state.sourceExhausted else {
                state.ring.read(into: output)
                return
            }
            let source = playing.source
            let totalSamples = source.format.samples(inBytes: source.bytes.count) ?? 0
            for index in 0..<output.count {
                let position = playing.nextSample + index
                output[index] = position < totalSamples ? Self.sample(at: position, of: source) : 0
            }
            playing.nextSample += output.count
            state.sourceExhausted = playing.nextSample >= totalSamples
            state.playing = playing
            // A sound has the line; what the peer sent meanwhile is stale.
            state.ring.reset()
        }
    }

    /// The I/O thread wrote the period `fillPeriod` gave: a sound whose last
    /// samples were in it is finished.
    func periodWritten() {
        let finished = state.withLockedValue { state -> Playing? in
            guard state.sourceExhausted, let playing = state.playing else { return nil }
            state.playing = nil
            state.sourceExhausted = false
            return playing
        }
        finished?.continuation.resume()
    }

    /// A call starts using the sound card: `play` is accepted from now on.
    func begin() {
        state.withLockedValue {
            $0.accepting = true
            $0.ring.reset()
        }
    }

    /// The call ended (or the device failed): a sound in progress ends with
    /// `error`, bridged audio still waiting is forgotten.
    func stop(error: any Error) {
        let stopped = state.withLockedValue { state -> Playing? in
            let playing = state.playing
            state.playing = nil
            state.sourceExhausted = false
            state.accepting = false
            state.ring.reset()
            return playing
        }
        stopped?.continuation.resume(throwing: error)
    }

    /// One linear sample of a sound in any of the formats Playback hands out.
    private static func sample(at index: Int, of source: AudioSource) -> Int16 {
        switch source.format {
        case .ulaw: return G711.linear(fromULaw: source.bytes[index])
        case .alaw: return G711.linear(fromALaw: source.bytes[index])
        default:
            // slin: little-endian 16-bit, as the sound library stores it.
            let low = UInt16(source.bytes[2 * index])
            let high = UInt16(source.bytes[2 * index + 1])
            return Int16(bitPattern: low | high << 8)
        }
    }
}
