import Foundation
import NIOConcurrencyHelpers
import PBXCore

extension ConsoleChannelDriver: PBXModule {
    /// `chan_alsa`: the sound-card channel, its device and its commands.
    ///
    /// As Asterisk's chan_alsa, the module declines to load (with a message
    /// naming the file or the device and ALSA's reason) when alsa.conf is
    /// missing or a device cannot be opened; the rest of the PBX runs.
    public static let descriptor = ModuleDescriptor(
        name: "chan_alsa", description: "ALSA Console Channel Driver"
    ) { context in
        try ConsoleChannelDriver.load(pbx: context.pbx)
    }

    /// Opens the devices alsa.conf names and registers `Console` and the commands.
    static func load(pbx: PBX) throws(ModuleLoadError) -> ConsoleChannelDriver {
        let path = pbx.directories.config + "/alsa.conf"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModuleLoadError("Unable to read ALSA configuration file \(path); the Console channel is not available")
        }
        let configuration = ConsoleConfiguration(file: ConfigFile.load(path: path))
        for error in configuration.errors { pbx.logger.error("\(error)") }
        let active = NIOLockedValueBox<ConsoleChannel?>(nil)
        let device: ConsoleAudioDevice
        do {
            device = try ConsoleAudioDevice.open(input: configuration.inputDevice, output: configuration.outputDevice,
                                                 logger: pbx.logger) { _ in
                active.withLockedValue { $0 }?.hangupNow(cause: .destinationOutOfOrder)
            }
        } catch {
            throw ModuleLoadError("\(error); the Console channel is not available "
                                  + "(set input_device/output_device in \(path), or 'noload => chan_alsa' in modules.conf)")
        }
        let driver = ConsoleChannelDriver(pbx: pbx, device: device, path: path, configuration: configuration, active: active)
        pbx.drivers.register(driver)
        driver.registerCommands()
        let summary = "ALSA input '\(device.inputName)', output '\(device.outputName)', "
            + "calls to \(configuration.exten)@\(configuration.context), autoanswer \(configuration.autoanswer ? "on" : "off")"
        pbx.logger.notice("Console channel ready: \(summary)")
        return driver
    }

    /// A call on the console holds the module.
    public var useCount: Int { activeChannel == nil ? 0 : 1 }

    /// Re-reads alsa.conf: context, extension, autoanswer and caller ID take
    /// effect for the next call. A missing or broken file keeps the previous
    /// settings; new device names need the module loaded again.
    public func reload() async -> CLIResult {
        guard FileManager.default.fileExists(atPath: path) else {
            return .failure("Unable to read ALSA configuration file \(path); keeping the previous configuration\n")
        }
        let updated = ConsoleConfiguration(file: ConfigFile.load(path: path))
        var output = updated.errors.map { "\($0)\n" }.joined()
        if !updated.errors.isEmpty {
            for error in updated.errors { logger.warning("\(error)") }
            output += "\(path) has errors; keeping the previous console configuration\n"
            return .failure(output)
        }
        if updated.inputDevice != device.inputName || updated.outputDevice != device.outputName {
            output += "ALSA device changes take effect after 'module unload chan_alsa' and 'module load chan_alsa'\n"
        }
        var kept = updated
        kept.inputDevice = device.inputName
        kept.outputDevice = device.outputName
        configuration = kept
        output += "Console configuration reloaded from \(path)\n"
        return .ok(output)
    }

    /// Hangs up a call still on the console (forced unload only), removes
    /// the driver and commands and closes the devices.
    public func unload() async {
        hangupActive(cause: .normalClearing)
        pbx.drivers.unregister(technology)
        unregisterCommands()
        device.close()
    }
}
