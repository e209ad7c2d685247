import Foundation
@testable import PBXCore
import Testing

@Suite struct AstDBTests {
    @Test func putGetDeleteAndTrees() throws {
        let path = NSTemporaryDirectory() + "/astdb-\(UUID().uuidString).sqlite3"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try AstDB(path: path)
        try database.put(family: "cidname", key: "5551000", value: "Alice")
        try database.put(family: "cidname", key: "5551000", value: "Alice Smith")
        try database.put(family: "cf", key: "100/busy", value: "200")
        try database.put(family: "cf", key: "100/noanswer", value: "300")
        try database.put(family: "cfx", key: "1", value: "x")
        #expect(try database.get(family: "cidname", key: "5551000") == "Alice Smith")
        #expect(try database.get(family: "cidname", key: "nobody") == nil)
        #expect(try database.entries(family: "cf").map(\.key) == ["/cf/100/busy", "/cf/100/noanswer"])
        #expect(try database.entries().count == 4)
        #expect(try database.deleteTree(family: "cf", keyTree: "100") == 2)
        #expect(try database.delete(family: "cidname", key: "5551000"))
        #expect(try !database.delete(family: "cidname", key: "5551000"))
        #expect(try database.entries().map(\.key) == ["/cfx/1"])
        let shown = AstDBModule.show(database, [])
        #expect(shown.output == "/cfx/1" + String(repeating: " ", count: 44) + ": x\n1 result found.\n")
    }
}
