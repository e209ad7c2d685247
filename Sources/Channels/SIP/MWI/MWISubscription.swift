import NIOCore

/// One accepted `SUBSCRIBE` for `message-summary` (RFC 6665): the dialog it
/// made, the mailbox it watches and when it runs out. Confined to the SIP loop.
final class MWISubscription {
    let callID: String
    let localTag: String
    let mailbox: String
    /// The subscriber: our To, their From with tag.
    let localParty: NameAddr
    let remoteParty: NameAddr
    var remoteTarget: SIPURI
    let path: SIPPacketSource
    var localCSeq: UInt32 = 1
    var expiry: Scheduled<Void>?

    init(callID: String, localTag: String, mailbox: String, localParty: NameAddr, remoteParty: NameAddr,
         remoteTarget: SIPURI, path: SIPPacketSource) {
        self.callID = callID
        self.localTag = localTag
        self.mailbox = mailbox
        self.localParty = localParty
        self.remoteParty = remoteParty
        self.remoteTarget = remoteTarget
        self.path = path
    }

    var key: String { Self.key(callID: callID, localTag: localTag) }
    static func key(callID: String, localTag: String) -> String { callID + "|" + localTag }
}
