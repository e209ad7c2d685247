import Channels
import Dialplan
import PBXCore

/// Every module this build carries, in the order `autoload` loads them.
enum BuiltinModules {
    static let all: [ModuleDescriptor] = [
        AstDBModule.descriptor,
        DialplanModule.descriptor,
        SIPChannelDriver.descriptor,
        VoicemailModule.descriptor,
    ]
}
