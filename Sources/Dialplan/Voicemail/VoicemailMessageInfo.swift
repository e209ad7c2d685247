import Foundation
import PBXCore

/// A message's `msgNNNN.txt`, Asterisk's `[message]` file: who called, when,
/// and how long the message is. Pure value: rendered to and parsed from text.
public struct VoicemailMessageInfo: Sendable, Equatable {
    public var originalMailbox: String
    public var context: String
    public var exten: String
    public var callerChannel: String
    /// As Asterisk writes it: `"Name" <number>`, or `Unknown`.
    public var callerID: String
    public var originalTime: Int
    public var duration: Int

    public init(originalMailbox: String, context: String, exten: String, callerChannel: String, callerID: String,
                originalTime: Int, duration: Int) {
        self.originalMailbox = originalMailbox
        self.context = context
        self.exten = exten
        self.callerChannel = callerChannel
        self.callerID = callerID
        self.originalTime = originalTime
        self.duration = duration
    }

    /// `origdate`: Asterisk's "%a %b %d %r %Z %Y" in UTC.
    public var originalDate: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE MMM dd hh:mm:ss a 'UTC' yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(originalTime)))
    }

    public var text: String {
        """
        ;
        ; Message Information file
        ;
        [message]
        origmailbox=\(originalMailbox)
        context=\(context)
        macrocontext=
        exten=\(exten)
        rdnis=unknown
        priority=1
        callerchan=\(callerChannel)
        callerid=\(callerID)
        origdate=\(originalDate)
        origtime=\(originalTime)
        category=
        msg_id=\(originalTime)-\(originalMailbox)
        flag=
        duration=\(duration)

        """
    }

    /// Reads a `[message]` file; nil when it has no `[message]` section.
    public init?(text: String, path: String) {
        let file = ConfigFile.parse(text: text, path: path)
        guard let section = file.section("message") else { return nil }
        func value(_ key: String) -> String { section.value(key)?.value ?? "" }
        originalMailbox = value("origmailbox")
        context = value("context")
        exten = value("exten")
        callerChannel = value("callerchan")
        callerID = value("callerid")
        originalTime = Int(value("origtime")) ?? 0
        duration = Int(value("duration")) ?? 0
    }

    /// The caller's number from `callerID`, empty when unknown.
    public var callerNumber: String {
        callerID == "Unknown" ? "" : CallerID(parsing: callerID).number
    }
}
