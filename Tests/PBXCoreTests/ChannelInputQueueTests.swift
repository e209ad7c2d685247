import NIOCore
import PBXCore
import Testing

@Suite struct ChannelInputQueueTests {
    static func voice(_ marker: UInt8) -> ChannelInput {
        .voice(AudioFrame(format: .ulaw, payload: ByteBuffer(bytes: [marker]), samples: 1, timestamp: 0))
    }

    static func digit(of input: ChannelInput?) -> Character? {
        if case .digit(let digit) = input { return digit }
        return nil
    }

    @Test func aReaderGetsWhatWasPushedInOrder() async {
        let queue = ChannelInputQueue()
        queue.push(.digit("1"))
        queue.push(.digit("2"))
        #expect(Self.digit(of: await queue.read(timeout: .seconds(1))) == "1")
        #expect(Self.digit(of: await queue.read(timeout: .seconds(1))) == "2")
    }

    @Test func aWaitingReaderIsWokenByAPush() async {
        let queue = ChannelInputQueue()
        async let read = queue.read(timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(50))
        queue.push(.digit("#"))
        #expect(Self.digit(of: await read) == "#")
    }

    @Test func aReadTimesOutWithNil() async {
        let queue = ChannelInputQueue()
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await queue.read(timeout: .milliseconds(50)) == nil)
        #expect(clock.now - started < .seconds(10))
    }

    @Test func closingWakesTheReaderWithNil() async {
        let queue = ChannelInputQueue()
        async let read = queue.read(timeout: .seconds(5))
        try? await Task.sleep(for: .milliseconds(50))
        queue.close()
        #expect(await read == nil)
        queue.push(.digit("1"))
        #expect(await queue.read(timeout: .seconds(1)) == nil)
    }

    @Test func whenFullTheOldestVoiceGoesAndDigitsStay() async {
        let queue = ChannelInputQueue(capacity: 2)
        queue.push(Self.voice(1))
        queue.push(.digit("5"))
        queue.push(Self.voice(2))
        queue.push(Self.voice(3))
        #expect(Self.digit(of: await queue.read(timeout: .seconds(1))) == "5")
        var markers: [UInt8] = []
        for _ in 0..<2 {
            if case .voice(let frame) = await queue.read(timeout: .seconds(1)) { markers.append(frame.payload.getInteger(at: 0) ?? 0) }
        }
        #expect(markers == [2, 3])
    }

    @Test func cancellingTheReaderEndsItsWait() async {
        let queue = ChannelInputQueue()
        let reader = Task { await queue.read(timeout: .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        #expect(await reader.value == nil)
    }
}
