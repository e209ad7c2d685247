/// A codec module (`codec_g722`, `codec_opus` ...): loading registers the
/// codec's translators with the PBX's translation matrix, unloading removes
/// exactly those, and the matrix recomputes its paths either way.
public final class CodecModule: PBXModule {
    public let entry: CodecCatalog.Entry
    private let matrix: TranslationMatrix

    init(entry: CodecCatalog.Entry, matrix: TranslationMatrix) {
        self.entry = entry
        self.matrix = matrix
        matrix.register(entry.translators, owner: entry.module)
    }

    /// Calls whose transcoding uses this codec's translators.
    public var useCount: Int { matrix.useCount(owner: entry.module) }

    public func unload() async {
        matrix.unregister(owner: entry.module)
    }

    /// One module descriptor per codec of this build.
    public static let descriptors: [ModuleDescriptor] = CodecCatalog.all.map { entry in
        ModuleDescriptor(name: entry.module, description: entry.description) { context in
            CodecModule(entry: entry, matrix: context.pbx.translations)
        }
    }
}
