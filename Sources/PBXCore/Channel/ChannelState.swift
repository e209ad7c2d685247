/// A channel's life as Asterisk names it.
public enum ChannelState: String, Sendable {
    case down = "Down"
    case ring = "Ring"
    case ringing = "Ringing"
    case up = "Up"
}
