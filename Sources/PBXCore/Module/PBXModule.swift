/// A loaded part of the PBX (Asterisk's `chan_sip`, `pbx_config`,
/// `app_voicemail`, `codec_g722` ...). What a module registers when it loads
/// (commands, drivers, applications, translators) it removes in `unload`,
/// exactly that and nothing else.
public protocol PBXModule: AnyObject, Sendable {
    /// Channels or calls that still need the module; `module unload` refuses
    /// while this is above zero.
    var useCount: Int { get }
    /// Re-reads the module's configuration. A broken file keeps the previous
    /// good configuration and says why; calls in progress are never dropped.
    func reload() async -> CLIResult
    /// Removes everything `load` registered and releases the module's resources.
    func unload() async
}

extension PBXModule {
    public var useCount: Int { 0 }
    public func reload() async -> CLIResult { .ok("") }
}

/// How a module is found and started: its Asterisk-style file name, a line
/// for `module show`, and the function that loads it.
public struct ModuleDescriptor: Sendable {
    /// `chan_sip`, `pbx_config`, `chan_alsa`, `app_voicemail`, `codec_g722`.
    public let name: String
    public let description: String
    /// Modules that must be loaded first (loaded on demand when missing).
    public let dependencies: [String]
    public let load: @Sendable (_ context: ModuleLoadContext) async throws -> any PBXModule

    public init(name: String, description: String, dependencies: [String] = [],
                load: @escaping @Sendable (_ context: ModuleLoadContext) async throws -> any PBXModule) {
        self.name = name
        self.description = description
        self.dependencies = dependencies
        self.load = load
    }
}

/// What a loading module gets: the PBX and the modules loaded before it
/// (so `app_voicemail` can find the dialplan's application table).
public struct ModuleLoadContext: Sendable {
    public let pbx: PBX
    public let registry: ModuleRegistry

    public init(pbx: PBX, registry: ModuleRegistry) {
        self.pbx = pbx
        self.registry = registry
    }

    /// A loaded module by name, as its concrete type.
    public func module<Module: PBXModule>(_ name: String, as type: Module.Type) -> Module? {
        registry.loadedModule(named: name) as? Module
    }
}

/// Why a module could not be loaded (`module load`: printed; at start: logged).
public struct ModuleLoadError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
