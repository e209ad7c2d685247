import PBXCore

extension SIPChannelDriver: PBXModule {
    /// `chan_sip`: the SIP channel driver, its sockets and its commands.
    public static let descriptor = ModuleDescriptor(
        name: "chan_sip", description: "Session Initiation Protocol (SIP)"
    ) { context in
        await SIPChannelDriver.load(pbx: context.pbx)
    }

    /// SIP channels alive now: unloading under them would drop calls.
    public var useCount: Int {
        pbx.channels.channels.filter { $0.name.hasPrefix("SIP/") }.count
    }

    public func reload() async -> CLIResult {
        await reloadConfiguration()
    }
}
