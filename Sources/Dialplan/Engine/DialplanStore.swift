import NIOConcurrencyHelpers

/// Holds the current dialplan so `dialplan reload` can swap it while calls
/// run: each call reads the snapshot once and keeps it.
public final class DialplanStore: Sendable {
    private let box: NIOLockedValueBox<Dialplan>

    public init(_ dialplan: Dialplan = Dialplan()) {
        box = NIOLockedValueBox(dialplan)
    }

    /// The snapshot new calls start with.
    public var current: Dialplan { box.withLockedValue { $0 } }

    /// Makes `dialplan` the one new calls use.
    public func replace(with dialplan: Dialplan) {
        box.withLockedValue { $0 = dialplan }
    }
}
