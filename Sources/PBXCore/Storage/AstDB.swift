/// Asterisk's astdb: a persistent tree of `/family/key` → value, kept in
/// SQLite (`datadir/astdb.sqlite3`) through `SQLiteDatabase`.
public final class AstDB: Sendable {
    private let database: SQLiteDatabase

    public init(path: String) throws(SQLiteError) {
        database = try SQLiteDatabase(path: path)
        try database.execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS astdb (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            """)
    }

    static func path(family: String, key: String) -> String { "/\(family)/\(key)" }

    public func put(family: String, key: String, value: String) throws(SQLiteError) {
        try database.run("INSERT OR REPLACE INTO astdb (key, value) VALUES (?, ?)", [.text(Self.path(family: family, key: key)), .text(value)])
    }

    public func get(family: String, key: String) throws(SQLiteError) -> String? {
        try database.query("SELECT value FROM astdb WHERE key = ?", [.text(Self.path(family: family, key: key))]).first?.first?.text
    }

    /// True when the entry existed.
    @discardableResult
    public func delete(family: String, key: String) throws(SQLiteError) -> Bool {
        try database.run("DELETE FROM astdb WHERE key = ?", [.text(Self.path(family: family, key: key))]) > 0
    }

    /// Removes `/family` or `/family/keytree` and everything under it; returns how many entries went.
    public func deleteTree(family: String, keyTree: String? = nil) throws(SQLiteError) -> Int {
        let prefix = keyTree.map { Self.path(family: family, key: $0) } ?? "/\(family)"
        return try database.run("DELETE FROM astdb WHERE key = ? OR substr(key, 1, ?) = ?",
                                [.text(prefix), .integer(Int64(prefix.count + 1)), .text(prefix + "/")])
    }

    /// Entries under `/family[/keytree]` (all of them for nil), sorted by key.
    public func entries(family: String? = nil, keyTree: String? = nil) throws(SQLiteError) -> [(key: String, value: String)] {
        let rows = try database.query("SELECT key, value FROM astdb ORDER BY key")
        let prefix = family.map { family in keyTree.map { Self.path(family: family, key: $0) } ?? "/\(family)" }
        return rows.compactMap { row -> (key: String, value: String)? in
            guard let key = row.first?.text, let value = row.last?.text else { return nil }
            if let prefix, key != prefix, !key.hasPrefix(prefix + "/") { return nil }
            return (key, value)
        }
    }
}
