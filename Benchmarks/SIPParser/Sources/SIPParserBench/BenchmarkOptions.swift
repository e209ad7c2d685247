import Foundation

/// The command line: how long to measure, or a fixed amount of work.
struct BenchmarkOptions {
    var seconds = 1.0
    var runs = 5
    var iterations: Int?
    var only: String?

    init(_ arguments: [String]) {
        var index = 1
        func value() -> String {
            index += 1
            guard index < arguments.count else { BenchmarkOptions.usage("missing value after \(arguments[index - 1])") }
            return arguments[index]
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--seconds":
                guard let number = Double(value()), number > 0, number <= 600 else { BenchmarkOptions.usage("--seconds takes 0–600") }
                seconds = number
            case "--runs":
                guard let number = Int(value()), (1...100).contains(number) else { BenchmarkOptions.usage("--runs takes 1–100") }
                runs = number
            case "--iterations":
                guard let number = Int(value()), number > 0 else { BenchmarkOptions.usage("--iterations takes a positive count") }
                iterations = number
            case "--only":
                only = value()
            case "-h", "--help":
                BenchmarkOptions.usage(nil)
            default:
                BenchmarkOptions.usage("unknown argument \(arguments[index])")
            }
            index += 1
        }
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { FileHandle.standardError.write(Data("sip-parser-bench: \(problem)\n".utf8)) }
        print("usage: sip-parser-bench [--seconds S] [--runs R] [--iterations N] [--only invite|register|response|write]")
        exit(problem == nil ? 0 : 2)
    }
}
