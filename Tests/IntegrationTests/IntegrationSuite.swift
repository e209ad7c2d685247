import Testing

/// Every test that starts the real binary runs under this suite, one at a
/// time, so PBXs and peers never fight over ports or the two cores.
@Suite("Integration: the real swiftpbx with real SIP peers", .serialized)
struct IntegrationSuite {}
