import Foundation
import PBXCore

/// Changing a password from VoiceMailMain: the mailbox's line in
/// voicemail.conf is rewritten in place (durably), as Asterisk does, and the
/// running configuration takes the new password at once.
extension VoicemailService {
    struct PasswordChangeError: Error, CustomStringConvertible {
        let description: String
    }

    func changePassword(of user: VoicemailUser, to password: String) throws {
        let file = ConfigFile.load(path: configurationPath)
        guard let section = file.sections.first(where: { $0.name.lowercased() == user.context.lowercased() }),
              let entry = section.value(user.mailbox) else {
            throw PasswordChangeError(description: "\(user.address) not found in \(configurationPath)")
        }
        let path = entry.location.file
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PasswordChangeError(description: "cannot read \(path)")
        }
        var lines = text.components(separatedBy: "\n")
        let index = entry.location.line - 1
        guard lines.indices.contains(index), let arrow = lines[index].range(of: "=>") ?? lines[index].range(of: "=") else {
            throw PasswordChangeError(description: "\(path):\(entry.location.line) is not the mailbox line")
        }
        let rest = lines[index][arrow.upperBound...]
        let comma = rest.firstIndex(of: ",") ?? rest.endIndex
        lines[index] = String(lines[index][..<arrow.upperBound]) + " " + password + String(rest[comma...])
        try DurableFile.write(Array(lines.joined(separator: "\n").utf8), to: path)
        var configuration = self.configuration
        if let position = configuration.users.firstIndex(of: user) { configuration.users[position].password = password }
        replace(configuration)
    }
}
