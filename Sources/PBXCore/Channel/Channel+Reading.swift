/// What applications build on `read`: waiting for digits, and prompts the
/// caller can interrupt with a key (Asterisk's Background and
/// ControlPlayback).
extension Channel {
    /// The next digit, discarding voice; nil after `timeout` without one.
    public func readDigit(timeout: Duration) async throws -> Character? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        // Bounded: at most one voice frame per 20 ms until the deadline, plus slack.
        for _ in 0..<(Self.framesIn(timeout) + 100) {
            let left = deadline - clock.now
            guard left > .zero else { return nil }
            let input = try await read(timeout: left)
            if isHungUp { throw ChannelError.hungUp }
            switch input {
            case .digit(let digit): return digit
            case .voice: continue
            case nil: return nil
            }
        }
        return nil
    }

    /// Drops whatever arrived and was not read yet (audio from before a
    /// recording starts); returns how many inputs were dropped.
    @discardableResult
    public func discardInput(limit: Int = 500) async throws -> Int {
        for dropped in 0..<limit {
            guard try await read(timeout: .zero) != nil else { return dropped }
        }
        return limit
    }

    /// Up to `maxDigits` digits ended by `terminator` (not included), each
    /// within `timeout` of the previous one; `first` is a digit already read.
    public func readDigits(maxDigits: Int, terminator: Character = "#", timeout: Duration,
                           first: Character? = nil) async throws -> String {
        var collected = ""
        if let first {
            if first == terminator { return "" }
            collected.append(first)
        }
        while collected.count < maxDigits {
            guard let digit = try await readDigit(timeout: timeout) else { break }
            if digit == terminator { break }
            collected.append(digit)
        }
        return collected
    }

    /// Plays `source` until it ends or the caller presses one of `digits`;
    /// returns that digit (nil when the sound played to its end).
    public func play(_ source: AudioSource, stopOn digits: Set<Character>) async throws -> Character? {
        guard !digits.isEmpty else {
            try await play(source)
            return nil
        }
        return try await withThrowingTaskGroup(of: Character?.self) { group in
            group.addTask {
                try await self.play(source)
                return nil
            }
            group.addTask {
                let frames = Self.framesIn(source.duration) + 500
                for _ in 0..<frames {
                    try Task.checkCancellation()
                    if let digit = try await self.readDigit(timeout: source.duration + .seconds(1)), digits.contains(digit) {
                        return digit
                    }
                }
                return nil
            }
            defer { group.cancelAll() }
            // The first to finish decides: the end of the sound, or a digit.
            let first = try await group.next() ?? nil
            return first
        }
    }

    private static func framesIn(_ duration: Duration) -> Int {
        let components = duration.components
        return Int(components.seconds) * 50 + Int(components.attoseconds / 20_000_000_000_000_000)
    }
}
