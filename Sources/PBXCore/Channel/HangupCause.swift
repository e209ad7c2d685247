/// Q.850 cause codes, the ones a PBX sets and maps to SIP responses.
public enum HangupCause: Int, Sendable {
    case unallocatedNumber = 1
    case normalClearing = 16
    case userBusy = 17
    case noUserResponse = 18
    case noAnswer = 19
    case subscriberAbsent = 20
    case callRejected = 21
    case destinationOutOfOrder = 27
    case invalidNumberFormat = 28
    case normalUnspecified = 31
    case congestion = 34
    case temporaryFailure = 41
    case bearerCapabilityNotAvailable = 58
    case incompatibleDestination = 88
    case interworking = 127

    /// The SIP response a not-yet-answered incoming call is refused with (RFC 3398).
    public var sipStatus: Int {
        switch self {
        case .unallocatedNumber: 404
        case .userBusy: 486
        case .noUserResponse: 408
        case .noAnswer: 480
        case .callRejected: 403
        case .destinationOutOfOrder: 502
        case .invalidNumberFormat: 484
        case .congestion: 503
        case .temporaryFailure: 503
        case .bearerCapabilityNotAvailable, .incompatibleDestination: 488
        default: 480
        }
    }

    /// Parses `Hangup(N)` arguments: a number or Asterisk's symbolic name.
    public init?(argument: String) {
        if let number = Int(argument), let cause = HangupCause(rawValue: number) { self = cause; return }
        switch argument.uppercased() {
        case "NORMAL", "NORMAL_CLEARING": self = .normalClearing
        case "BUSY", "USER_BUSY": self = .userBusy
        case "CONGESTION": self = .congestion
        case "NO_ANSWER": self = .noAnswer
        case "UNALLOCATED": self = .unallocatedNumber
        default: return nil
        }
    }
}
