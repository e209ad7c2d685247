import Foundation
import PBXCore

/// `swiftpbx`: start a PBX, or talk to a running one over its control socket.
let options: CommandLineOptions
do {
    options = try CommandLineOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("swiftpbx: \(error)\n\(CommandLineOptions.usage)".utf8))
    exit(2)
}

switch options.mode {
case .help:
    print(CommandLineOptions.usage, terminator: "")
case .version:
    print("SwiftPBX \(PBX.version)")
case .remoteCommand(let command):
    exit(RemoteConsole(options: options).runOne(command))
case .remoteConsole:
    exit(RemoteConsole(options: options).interactive())
case .foreground, .console:
    exit(await PBXDaemon(options: options).run())
}
