import NIOConcurrencyHelpers
import NIOCore
import PBXCore

/// What the sound card captured, on its way to the bridged peer: the I/O
/// thread drops each period here and pokes the listening endpoint, which
/// takes whole periods on its own event loop.
final class ConsoleCapture: Sendable {
    private struct State {
        var ring: ConsoleSampleRing
        var listener: ConsoleMediaEndpoint?
    }

    private let state: NIOLockedValueBox<State>

    init(capacitySamples: Int) {
        state = NIOLockedValueBox(State(ring: ConsoleSampleRing(capacity: capacitySamples)))
    }

    /// The endpoint of the call in progress (nil: captured audio is dropped).
    func attach(_ listener: ConsoleMediaEndpoint?) {
        state.withLockedValue {
            $0.listener = listener
            $0.ring.reset()
        }
    }

    /// Called by the I/O thread with each period read from the device.
    func deliver(_ samples: UnsafeBufferPointer<Int16>) {
        let listener = state.withLockedValue { state -> ConsoleMediaEndpoint? in
            guard let listener = state.listener else { return nil }
            state.ring.write(samples)
            return listener
        }
        guard let listener else { return }
        listener.eventLoop.execute { listener.sendCaptured() }
    }

    /// Takes exactly one period if one is waiting (on the endpoint's loop).
    func take(into output: UnsafeMutableBufferPointer<Int16>) -> Bool {
        state.withLockedValue { $0.ring.readWhole(into: output) }
    }
}
