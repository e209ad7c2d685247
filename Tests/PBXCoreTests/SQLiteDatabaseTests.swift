import Foundation
import PBXCore
import Testing

@Suite struct SQLiteDatabaseTests {
    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "/sqlite-test-\(UUID().uuidString).sqlite3"
    }

    @Test func boundParametersRoundTripEveryType() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SQLiteDatabase(path: path)
        try database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let changed = try database.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                                       [.integer(42), .real(1.5), .text("it's \"quoted\"; DROP TABLE t"), .blob([0, 1, 255]), .null])
        #expect(changed == 1)
        let rows = try database.query("SELECT i, r, s, b, n FROM t WHERE i = ?", [.integer(42)])
        #expect(rows == [[.integer(42), .real(1.5), .text("it's \"quoted\"; DROP TABLE t"), .blob([0, 1, 255]), .null]])
    }

    @Test func aFailingTransactionIsRolledBack() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SQLiteDatabase(path: path)
        try database.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
        try database.run("INSERT INTO t VALUES ('a')")
        #expect(throws: SQLiteError.self) {
            try database.transaction { transaction in
                try transaction.run("INSERT INTO t VALUES ('b')")
                try transaction.run("INSERT INTO t VALUES ('a')")  // duplicate key
            }
        }
        #expect(try database.query("SELECT k FROM t ORDER BY k") == [[.text("a")]])
    }

    @Test func badSQLNamesTheStatement() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try SQLiteDatabase(path: path)
        do {
            _ = try database.query("SELEKT 1")
            Issue.record("bad SQL was accepted")
        } catch {
            #expect(error.context == "SELEKT 1")
            #expect(error.description.contains("syntax error"))
        }
    }

    @Test func aFileThatCannotBeOpenedIsAClearError() {
        #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: "/nonexistent-directory/x/y.sqlite3") }
    }
}
