import Foundation
import NIOConcurrencyHelpers

/// The modules this build has and the ones loaded now (Asterisk's loader):
/// `modules.conf` at start, `module load|unload|reload` at run time.
public final class ModuleRegistry: Sendable {
    private struct Loaded: Sendable {
        let descriptor: ModuleDescriptor
        let module: any PBXModule
    }

    private struct State: Sendable {
        var available: [ModuleDescriptor] = []
        var loaded: [String: Loaded] = [:]
        /// Load order, so shutdown unloads in reverse.
        var order: [String] = []
        /// Names being loaded or unloaded right now (one operation per module at a time).
        var busy: Set<String> = []
    }

    private let state = NIOLockedValueBox(State())
    private let owner = NIOLockedValueBox<WeakPBX>(WeakPBX())

    public init() {}

    /// Called once by the PBX that owns this registry.
    func attach(to pbx: PBX) {
        owner.withLockedValue { $0.pbx = pbx }
    }

    private var pbx: PBX? { owner.withLockedValue { $0.pbx } }

    /// Makes modules known to the loader, in the order `autoload` loads them.
    public func register(_ descriptors: [ModuleDescriptor]) {
        state.withLockedValue { $0.available.append(contentsOf: descriptors) }
    }

    public var available: [ModuleDescriptor] { state.withLockedValue { $0.available } }

    /// Names of the loaded modules, in load order.
    public var loadedNames: [String] { state.withLockedValue { $0.order } }

    public func loadedModule(named name: String) -> (any PBXModule)? {
        state.withLockedValue { $0.loaded[name]?.module }
    }

    public func isLoaded(_ name: String) -> Bool { loadedModule(named: name) != nil }

    /// Loads what `configuration` asks for; returns the failures to report.
    public func loadAtStart(_ configuration: ModulesConfiguration) async -> [String] {
        var failures: [String] = []
        for name in configuration.modulesToLoad(from: available.map(\.name)) where !isLoaded(name) {
            if case .failure(let error) = await load(name, skipping: configuration.noload) {
                failures.append("\(name): \(error)")
            }
        }
        return failures
    }

    /// Loads one module (and what it depends on first).
    @discardableResult
    public func load(_ name: String, skipping: Set<String> = []) async -> Result<Void, ModuleLoadError> {
        let name = ModulesConfiguration.moduleName(name)
        guard let descriptor = available.first(where: { $0.name == name }) else {
            return .failure(ModuleLoadError("No such module '\(name)'"))
        }
        if isLoaded(name) { return .failure(ModuleLoadError("Module '\(name)' is already loaded")) }
        for dependency in descriptor.dependencies where !isLoaded(dependency) {
            if skipping.contains(dependency) {
                return .failure(ModuleLoadError("Module '\(name)' needs '\(dependency)', which modules.conf does not load"))
            }
            if case .failure(let error) = await load(dependency, skipping: skipping) {
                return .failure(ModuleLoadError("Module '\(name)' needs '\(dependency)': \(error)"))
            }
        }
        guard let pbx else { return .failure(ModuleLoadError("The PBX is shutting down")) }
        guard claim(name) else { return .failure(ModuleLoadError("Module '\(name)' is being loaded or unloaded")) }
        defer { release(name) }
        do {
            let module = try await descriptor.load(ModuleLoadContext(pbx: pbx, registry: self))
            state.withLockedValue {
                $0.loaded[name] = Loaded(descriptor: descriptor, module: module)
                $0.order.append(name)
            }
            pbx.logger.info("Loaded \(name) => (\(descriptor.description))")
            return .success(())
        } catch {
            return .failure(error as? ModuleLoadError ?? ModuleLoadError("\(error)"))
        }
    }

    /// Unloads one module unless it is in use or others depend on it.
    public func unload(_ name: String, force: Bool = false) async -> Result<Void, ModuleLoadError> {
        let name = ModulesConfiguration.moduleName(name)
        guard let module = loadedModule(named: name) else {
            return .failure(ModuleLoadError("Module '\(name)' is not loaded"))
        }
        let dependents = state.withLockedValue { state in
            state.order.filter { state.loaded[$0]?.descriptor.dependencies.contains(name) == true }
        }
        if !force && !dependents.isEmpty {
            return .failure(ModuleLoadError("Module '\(name)' is needed by \(dependents.joined(separator: ", ")); unload those first"))
        }
        let uses = module.useCount
        if !force && uses > 0 {
            return .failure(ModuleLoadError("Module '\(name)' is in use (\(uses) \(uses == 1 ? "channel" : "channels")); not unloading"))
        }
        guard claim(name) else { return .failure(ModuleLoadError("Module '\(name)' is being loaded or unloaded")) }
        defer { release(name) }
        await module.unload()
        state.withLockedValue {
            $0.loaded[name] = nil
            $0.order.removeAll { $0 == name }
        }
        pbx?.logger.info("Unloaded \(name)")
        return .success(())
    }

    /// Reloads one module's configuration, or every module's (`core reload`).
    public func reload(_ name: String?) async -> CLIResult {
        let names = name.map { [ModulesConfiguration.moduleName($0)] } ?? loadedNames
        var output = ""
        var success = true
        for name in names {
            guard let module = loadedModule(named: name) else {
                return .failure("Module '\(name)' is not loaded\n")
            }
            let result = await module.reload()
            output += result.output
            success = success && result.success
        }
        return CLIResult(output: output, success: success)
    }

    /// Unloads everything, last loaded first (shutdown).
    public func unloadAll() async {
        for name in loadedNames.reversed() {
            _ = await unload(name, force: true)
        }
    }

    /// `module show [like X]` rows: name, description, use count.
    public func rows(like filter: String?) -> [(name: String, description: String, useCount: Int)] {
        state.withLockedValue { state in
            state.order.compactMap { name in
                guard let loaded = state.loaded[name] else { return nil }
                if let filter, !name.contains(filter) { return nil }
                return (name, loaded.descriptor.description, loaded.module.useCount)
            }
        }.sorted { $0.name < $1.name }
    }

    private func claim(_ name: String) -> Bool {
        state.withLockedValue { $0.busy.insert(name).inserted }
    }

    private func release(_ name: String) {
        _ = state.withLockedValue { $0.busy.remove(name) }
    }
}

private struct WeakPBX: @unchecked Sendable {
    // Only read and written under the registry's lock.
    weak var pbx: PBX?
}
