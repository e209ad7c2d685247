import Dialplan
import PBXCore
import Testing

@Suite struct DialplanShowTests {
    let dialplan = DialplanLoader.load(text: """
        [default]
        exten => 1000,1,Answer()
        exten => 1000,n(greet),Playback(hello-world)
        same => n,Hangup()
        include => other

        [other]
        exten => _X.,1,NoOp(${EXTEN})
        """, path: "/etc/swiftpbx/extensions.conf").dialplan

    @Test func listsEveryContextInAsteriskLayout() {
        let result = DialplanShow.render(dialplan)
        #expect(result.success)
        // Columns as Asterisk prints them: two spaces, the extension padded
        // to 17, a space, the priority padded to 45, a space, the registrar.
        let expected = [
            "[ Context 'default' created by 'pbx_config' ]",
            "  '1000' =>         1. Answer()                                   [extensions.conf:2]",
            "      [greet]       2. Playback(hello-world)                      [extensions.conf:3]",
            "                    3. Hangup()                                   [extensions.conf:4]",
            "  Include =>        'other'                                       [pbx_config]",
            "",
            "[ Context 'other' created by 'pbx_config' ]",
            "  '_X.' =>          1. NoOp(${EXTEN})                             [extensions.conf:8]",
            "",
            "-= 2 extensions (4 priorities) in 2 contexts. =-",
            "",
        ]
        #expect(result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) == expected)
    }

    @Test func showsOneContextOrSaysItDoesNotExist() {
        let one = DialplanShow.render(dialplan, context: "other")
        #expect(one.success)
        #expect(one.output.hasPrefix("[ Context 'other' created by 'pbx_config' ]\n"))
        #expect(one.output.hasSuffix("-= 1 extension (1 priority) in 1 context. =-\n"))
        #expect(!one.output.contains("'default'"))

        let none = DialplanShow.render(dialplan, context: "nowhere")
        #expect(!none.success)
        #expect(none.output == "There is no existence of 'nowhere' context\n")
    }

    @Test func showsTheExtensionsMatchingANumber() {
        let exact = DialplanShow.render(dialplan, context: "1000@default")
        #expect(exact.success)
        #expect(exact.output.contains("'1000' =>"))
        #expect(!exact.output.contains("Include =>"))
        #expect(exact.output.hasSuffix("-= 1 extension (3 priorities) in 1 context. =-\n"))

        // Without a context every context is searched; patterns that match count.
        let anywhere = DialplanShow.render(dialplan, context: "42@")
        #expect(anywhere.output.contains("'_X.' =>"))
        #expect(!anywhere.output.contains("Context 'default'"))
        #expect(anywhere.output.hasSuffix("-= 1 extension (1 priority) in 1 context. =-\n"))

        let missing = DialplanShow.render(dialplan, context: "7@default")
        #expect(!missing.success)
        #expect(missing.output == "There is no existence of 7@default extension\n")
    }
}
