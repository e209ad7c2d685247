import NIOConcurrencyHelpers

/// The loaded channel drivers by technology name (case-insensitive), as
/// Dial finds them. Modules add and remove their own.
public final class ChannelDriverRegistry: Sendable {
    private let drivers = NIOLockedValueBox([String: any ChannelDriver]())

    public init() {}

    public func register(_ driver: any ChannelDriver) {
        drivers.withLockedValue { $0[driver.technology.lowercased()] = driver }
    }

    public func unregister(_ technology: String) {
        _ = drivers.withLockedValue { $0.removeValue(forKey: technology.lowercased()) }
    }

    public func driver(for technology: String) -> (any ChannelDriver)? {
        drivers.withLockedValue { $0[technology.lowercased()] }
    }
}
