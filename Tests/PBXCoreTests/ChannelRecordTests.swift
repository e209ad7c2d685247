import PBXCore
import Testing

/// The technology-independent channel state: transitions, the one-time
/// hang-up, variables and dialplan position.
@Suite("ChannelRecord")
struct ChannelRecordTests {
    private static func record() -> ChannelRecord {
        ChannelRecord(name: "SIP/alice-00000001", uniqueID: "1700000000.1", technology: "SIP",
                      callerID: CallerID(name: "Alice", number: "100"), exten: "600", context: "from-phones")
    }

    @Test func startsDownAndNotHungUp() {
        let record = Self.record()

        #expect(record.state.state == .down)
        #expect(!record.state.isHungUp)
        #expect(record.state.hangupCause == nil)
        #expect(record.position == nil)
        #expect(record.exten == "600")
        #expect(record.context == "from-phones")
        #expect(record.callerID.description == "\"Alice\" <100>")
    }

    @Test func setStateMovesThroughTheLifecycle() {
        let record = Self.record()
        record.setState(.ring)
        #expect(record.state.state == .ring)
        record.setState(.ringing)
        #expect(record.state.state == .ringing)
        record.setState(.up)
        #expect(record.state.state == .up)
        #expect(record.state.state.rawValue == "Up", "the word core show channels prints")
    }

    @Test func markHungUpSucceedsOnlyOnce() {
        let record = Self.record()
        record.setState(.up)

        #expect(record.markHungUp(cause: .userBusy))
        #expect(record.state.isHungUp)
        #expect(record.state.hangupCause == .userBusy)
        #expect(record.state.state == .down)

        #expect(!record.markHungUp(cause: .normalClearing))
        #expect(record.state.hangupCause == .userBusy, "the first cause stays")
    }

    @Test func setStateAfterHangUpIsIgnored() {
        let record = Self.record()
        record.markHungUp(cause: .normalClearing)
        record.setState(.up)

        #expect(record.state.state == .down)
        #expect(record.state.hangupCause == .normalClearing)
    }

    @Test func concurrentHangUpsHaveExactlyOneOwner() async {
        let record = Self.record()
        let owners = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<64 {
                group.addTask { record.markHungUp(cause: .normalClearing) }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }

        #expect(owners == 1)
    }

    @Test func variablesAreSetReadAndCleared() {
        let record = Self.record()
        #expect(record[variable: "CDR(userfield)"] == nil)

        record[variable: "GREETING"] = "hello"
        record[variable: "COUNT"] = "3"
        #expect(record[variable: "GREETING"] == "hello")
        #expect(record[variable: "COUNT"] == "3")
        #expect(record[variable: "greeting"] == nil, "names are case-sensitive")

        record[variable: "GREETING"] = "bye"
        #expect(record[variable: "GREETING"] == "bye")
        record[variable: "GREETING"] = nil
        #expect(record[variable: "GREETING"] == nil)
        #expect(record[variable: "COUNT"] == "3")
    }

    @Test func variablesSurviveHangUp() {
        let record = Self.record()
        record[variable: "DIALSTATUS"] = "BUSY"
        record.markHungUp(cause: .userBusy)

        #expect(record[variable: "DIALSTATUS"] == "BUSY", "hangup handlers still read them")
    }

    @Test func dialplanPositionIsKept() {
        let record = Self.record()
        let position = DialplanPosition(context: "from-phones", exten: "600", priority: 2,
                                        application: "Playback", applicationData: "hello-world")
        record.position = position

        #expect(record.position == position)
        record.position = nil
        #expect(record.position == nil)
    }
}
