import NIOConcurrencyHelpers

/// The applications a dialplan can call, by name without regard to case.
/// One per runner; modules add theirs (Dial, VoiceMail) when they load.
public final class ApplicationRegistry: Sendable {
    private let applicationsByName: NIOLockedValueBox<[String: any DialplanApplication]>

    public init(_ applications: [any DialplanApplication] = []) {
        var table: [String: any DialplanApplication] = [:]
        for application in applications { table[application.name.lowercased()] = application }
        applicationsByName = NIOLockedValueBox(table)
    }

    /// A registry holding the applications this module provides.
    public static func standard() -> ApplicationRegistry {
        ApplicationRegistry([
            AnswerApplication(), PlaybackApplication(), WaitApplication(), NoOpApplication(),
            HangupApplication(), GotoApplication(), SetApplication(),
        ])
    }

    /// Adds (or replaces) an application under its name.
    public func register(_ application: any DialplanApplication) {
        applicationsByName.withLockedValue { $0[application.name.lowercased()] = application }
    }

    public func unregister(named name: String) {
        _ = applicationsByName.withLockedValue { $0.removeValue(forKey: name.lowercased()) }
    }

    public func application(named name: String) -> (any DialplanApplication)? {
        applicationsByName.withLockedValue { $0[name.lowercased()] }
    }

    /// Every registered application, sorted by name.
    public var applications: [any DialplanApplication] {
        applicationsByName.withLockedValue { Array($0.values) }.sorted { $0.name < $1.name }
    }
}
