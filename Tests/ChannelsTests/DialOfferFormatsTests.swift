@testable import Channels
import PBXCore
import Testing

/// What a Dial leg's INVITE offers: the peer's allowed codecs in its order,
/// the caller's own codec first when the peer allows it, and only codecs the
/// loaded translators can reach from the caller's.
@Suite struct DialOfferFormatsTests {
    static let all = TranslationMatrix.withBuiltinCodecs()

    @Test func theCallersCodecGoesFirstThenThePeersOrder() {
        let offer = SIPChannelDriver.offerFormats(requested: FormatSet([.alaw]), peer: FormatSet([.g722, .ulaw, .alaw, .opus]),
                                                  translations: Self.all)
        #expect(offer == [.alaw, .g722, .ulaw, .opus])
    }

    @Test func aPeerWithoutTheCallersCodecGetsItsOwnList() {
        let offer = SIPChannelDriver.offerFormats(requested: FormatSet([.alaw]), peer: FormatSet([.opus]), translations: Self.all)
        #expect(offer == [.opus])
    }

    @Test func unreachableCodecsAreLeftOutWhileOthersRemain() {
        let matrix = TranslationMatrix.withBuiltinCodecs()
        matrix.unregister(owner: CodecCatalog.g722.module)
        let offer = SIPChannelDriver.offerFormats(requested: FormatSet([.ulaw]), peer: FormatSet([.g722, .gsm]), translations: matrix)
        #expect(offer == [.gsm])
        // With nothing reachable the peer's list is offered as it is (the call may still fail on media, not on signalling).
        let none = SIPChannelDriver.offerFormats(requested: FormatSet([.ulaw]), peer: FormatSet([.g722]), translations: TranslationMatrix())
        #expect(none == [.g722])
    }
}
