import PBXCore
import Testing

@Suite("PortAllocator")
struct PortAllocatorTests {
    @Test func onlyEvenPortsInsideTheRange() {
        let allocator = PortAllocator(range: 10_001...10_010)
        var ports: [Int] = []
        while let port = allocator.allocate() { ports.append(port) }
        #expect(ports == [10_002, 10_004, 10_006, 10_008, 10_010])
        #expect(allocator.range == 10_002...10_010)
    }

    @Test func oddUpperBoundIsNeverHandedOut() {
        let allocator = PortAllocator(range: 20_000...20_005)
        var ports: [Int] = []
        while let port = allocator.allocate() { ports.append(port) }
        #expect(ports == [20_000, 20_002, 20_004])
    }

    @Test func roundRobinDoesNotReuseAFreedPortAtOnce() throws {
        let allocator = PortAllocator(range: 10_000...10_010)
        let first = try #require(allocator.allocate())
        #expect(first == 10_000)
        allocator.release(first)
        #expect(allocator.allocate() == 10_002)
        #expect(allocator.allocate() == 10_004)
    }

    @Test func exhaustionGivesNil() {
        let allocator = PortAllocator(range: 10_000...10_006)
        for _ in 0..<4 { #expect(allocator.allocate() != nil) }
        #expect(allocator.inUseCount == 4)
        #expect(allocator.allocate() == nil)
        #expect(allocator.allocate() == nil)
        #expect(allocator.inUseCount == 4)
    }

    @Test func releaseMakesAPortAvailableAgain() {
        let allocator = PortAllocator(range: 10_000...10_006)
        while allocator.allocate() != nil {}
        allocator.release(10_004)
        #expect(allocator.inUseCount == 3)
        #expect(allocator.allocate() == 10_004)
        #expect(allocator.allocate() == nil)
    }

    @Test func searchWrapsAroundPastTheTop() {
        let allocator = PortAllocator(range: 10_000...10_006)
        let taken = (0..<4).compactMap { _ in allocator.allocate() }
        #expect(taken == [10_000, 10_002, 10_004, 10_006])
        allocator.release(10_002)
        allocator.release(10_000)
        // The cursor is back at the bottom; both freed ports come in order.
        #expect(allocator.allocate() == 10_000)
        #expect(allocator.allocate() == 10_002)
    }

    @Test func releasingAPortNotInUseChangesNothing() {
        let allocator = PortAllocator(range: 10_000...10_002)
        allocator.release(10_000)
        #expect(allocator.inUseCount == 0)
        #expect(allocator.allocate() == 10_000)
        #expect(allocator.inUseCount == 1)
    }

    @Test func singlePortRange() {
        let allocator = PortAllocator(range: 30_000...30_000)
        #expect(allocator.allocate() == 30_000)
        #expect(allocator.allocate() == nil)
        allocator.release(30_000)
        #expect(allocator.allocate() == 30_000)
    }

    @Test func concurrentAllocationsNeverCollide() async {
        let allocator = PortAllocator(range: 10_000...10_398)
        let ports = await withTaskGroup(of: Int?.self, returning: [Int].self) { group in
            for _ in 0..<200 { group.addTask { allocator.allocate() } }
            var result: [Int] = []
            for await port in group { if let port { result.append(port) } }
            return result
        }
        #expect(ports.count == 200)
        #expect(Set(ports).count == 200)
        #expect(allocator.allocate() == nil)
    }
}
