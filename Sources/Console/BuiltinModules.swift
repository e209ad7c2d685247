import Channels
import Dialplan
import PBXCore

/// Every module this build carries, in the order `autoload` loads them.
enum BuiltinModules {
    static let all: [ModuleDescriptor] = CodecModule.descriptors + [
        AstDBModule.descriptor,
        DialplanModule.descriptor,
        SIPChannelDriver.descriptor,
        ConsoleChannelDriver.descriptor,
        VoicemailModule.descriptor,
    ]
}
