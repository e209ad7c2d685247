/// What an application reads from a channel (Asterisk's `ast_read` as
/// VoiceMail and Background use it): one frame of voice or one finished
/// digit, whichever way the digit came (RFC 4733, SIP INFO, inband).
public enum ChannelInput: Sendable {
    case voice(AudioFrame)
    case digit(Character)
}
