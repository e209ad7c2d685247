import PBXCore
import PBXTestKit
import Testing

@Suite struct FakeChannelTests {
    @Test func recordsCallsAndHangsUpRemotelyOnSchedule() async throws {
        let channel = FakeChannel(nativeFormat: .alaw)
        channel.hangUpRemotely(on: .play, occurrence: 2, cause: .userBusy)
        try await channel.answer()
        #expect(channel.record.state.state == .up)
        let source = AudioSource(format: .alaw, bytes: [1, 2, 3])
        try await channel.play(source)
        try await channel.wait(.milliseconds(30))
        await #expect(throws: ChannelError.hungUp) { try await channel.play(source) }
        await #expect(throws: ChannelError.hungUp) { try await channel.wait(.seconds(1)) }
        await channel.hangup(cause: .normalClearing)

        #expect(channel.events == [
            .answer, .play(format: .alaw, byteCount: 3), .wait(.milliseconds(30)),
            .remoteHangup(.userBusy), .hangup(.normalClearing),
        ])
        #expect(channel.record.state.hangupCause == .userBusy)
        #expect(channel.waits == [.milliseconds(30)])
        #expect(channel.isHungUp)
    }
}
