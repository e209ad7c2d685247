import CSQLite3
import NIOConcurrencyHelpers

/// One SQLite database file (the voicemail index, astdb): the only code that
/// touches libsqlite3. Statements are prepared, bound and finalised inside
/// each call, so no SQLite pointer ever leaves this type. Calls are
/// serialised by a lock; any thread may use it.
public final class SQLiteDatabase: @unchecked Sendable {
    public let path: String
    private let lock = NIOLock()
    /// Owned; closed in `deinit`. Only touched under `lock`.
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(SQLiteError) {
        var database: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let code = sqlite3_open_v2(path, &database, flags, nil)
        guard code == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let database { sqlite3_close_v2(database) }
            throw SQLiteError(code: code, message: message, context: path)
        }
        self.path = path
        self.handle = database
        sqlite3_busy_timeout(database, 2000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without parameters (schema, PRAGMA).
    public func execute(_ sql: String) throws(SQLiteError) {
        try locked { () throws(SQLiteError) in
            var errorMessage: UnsafeMutablePointer<CChar>?
            let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
            if code != SQLITE_OK {
                let message = errorMessage.map { String(cString: $0) } ?? "error"
                sqlite3_free(errorMessage)
                throw SQLiteError(code: code, message: message, context: sql)
            }
        }
    }

    /// Runs one statement with `parameters` bound to its `?` placeholders;
    /// returns the rows changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try locked { () throws(SQLiteError) -> Int in
            _ = try step(sql, parameters, collectRows: false)
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs a query; every row as its column values in order.
    public func query(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
        try locked { () throws(SQLiteError) -> [[SQLiteValue]] in
            try step(sql, parameters, collectRows: true)
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled
    /// back when it throws. `body` must use the `run`/`query` calls given.
    public func transaction<Result>(_ body: (Transaction) throws -> Result) throws -> Result {
        try lock.withLock {
            _ = try step("BEGIN IMMEDIATE", [], collectRows: false)
            do {
                let result = try body(Transaction(database: self))
                _ = try step("COMMIT", [], collectRows: false)
                return result
            } catch {
                _ = try? step("ROLLBACK", [], collectRows: false)
                throw error
            }
        }
    }

    /// The statements a transaction body may run (the lock is already held).
    public struct Transaction {
        fileprivate let database: SQLiteDatabase

        @discardableResult
        public func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> Int {
            _ = try database.step(sql, parameters, collectRows: false)
            return Int(sqlite3_changes(database.handle))
        }
    }

    /// Runs `body` holding the lock, keeping its typed error.
    private func locked<Result>(_ body: () throws(SQLiteError) -> Result) throws(SQLiteError) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Prepares, binds, steps to the end and finalises one statement. Call with `lock` held.
    private func step(_ sql: String, _ parameters: [SQLiteValue], collectRows: Bool) throws(SQLiteError) -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure(code, sql) }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
            case .real(let number): code = sqlite3_bind_double(statement, index, number)
            case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, Self.transient)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient) }
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw failure(code, sql) }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw failure(code, sql) }
            if collectRows { rows.append(row(of: statement)) }
        }
        return rows
    }

    private func row(of statement: OpaquePointer) -> [SQLiteValue] {
        (0..<sqlite3_column_count(statement)).map { column in
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
            case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
            case SQLITE_TEXT: return .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, column))
                guard count > 0, let base = sqlite3_column_blob(statement, column) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
            default: return .null
            }
        }
    }

    private func failure(_ code: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), context: sql)
    }

    /// SQLite copies bound text and blobs at once (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
