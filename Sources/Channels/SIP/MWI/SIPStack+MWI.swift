extension SIPStack {
    /// Makes and starts the MWI notifier on the loop; NOTIFYs follow mailbox changes from now on.
    func startMWI() async {
        try? await loop.submit {
            let notifier = SIPMWINotifier(stack: self)
            self.mwi = notifier
            notifier.start()
        }.get()
    }

    func stopMWI() async {
        try? await loop.submit {
            self.mwi?.stop()
            self.mwi = nil
        }.get()
    }
}
