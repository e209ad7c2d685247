import Logging
import PBXCore

/// rtp.conf `[general]` `rtpstart`/`rtpend`, as Asterisk reads them.
enum RTPConfiguration {
    static func load(path: String, logger: Logger) -> PortAllocator {
        var start = 10_000
        var end = 20_000
        let file = ConfigFile.load(path: path)
        if let general = file.section("general") {
            for entry in general.entries {
                guard let value = Int(entry.value), (1024...65535).contains(value) else {
                    logger.error("\(ConfigError(location: entry.location, value: entry.value, message: "\(entry.key) must be a port number 1024-65535"))")
                    continue
                }
                switch entry.key.lowercased() {
                case "rtpstart": start = value
                case "rtpend": end = value
                default: logger.notice("\(ConfigError(location: entry.location, value: entry.key, message: "unknown rtp.conf key"))")
                }
            }
        }
        if end <= start {
            logger.error("rtp.conf: rtpend \(end) is not above rtpstart \(start); using 10000-20000")
            start = 10_000
            end = 20_000
        }
        return PortAllocator(range: start...end)
    }
}
