import Foundation
import Testing

extension IntegrationSuite {
    @Suite("astdb console commands")
    struct DatabaseCommandTests {
        @Test("database put, get, show and del over -rx, kept across a restart")
        func putGetShowDel() throws {
            let port = TestEnvironment.ports()
            let shared = try TestEnvironment.temporaryDirectory("astdb")
            defer { try? FileManager.default.removeItem(at: shared) }
            var files = VoicemailCrashTests.files(port: port, shared: shared, run: "run1")
            do {
                let pbx = try PBXProcess(files: files, name: "astdb")
                defer { pbx.stop() }
                let put = try pbx.command("database put cidname 5551000 Alice Smith")
                #expect(put.status == 0 && put.output == "Updated database successfully\n", "\(put.output)")
                let get = try pbx.command("database get cidname 5551000")
                #expect(get.output == "Value: Alice Smith\n", "\(get.output)")
                let missing = try pbx.command("database get cidname 999")
                #expect(missing.status != 0 && missing.output.contains("Database entry not found."))
            }
            files = VoicemailCrashTests.files(port: port, shared: shared, run: "run2")
            let again = try PBXProcess(files: files, name: "astdb2")
            defer { again.stop() }
            let show = try again.command("database show cidname")
            #expect(show.output.contains("/cidname/5551000") && show.output.contains(": Alice Smith\n1 result found.\n"), "\(show.output)")
            let del = try again.command("database del cidname 5551000")
            #expect(del.output == "Database entry removed.\n")
            #expect(try again.command("database show").output == "0 results found.\n")
        }
    }
}
