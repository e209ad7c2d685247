import NIOConcurrencyHelpers

/// `sip set debug on|off`: read on the SIP loop, set from the console.
public final class SIPDebugSwitch: Sendable {
    private let flag = NIOLockedValueBox(false)
    public init() {}
    public var isOn: Bool { flag.withLockedValue { $0 } }
    public func set(_ on: Bool) { flag.withLockedValue { $0 = on } }
}
