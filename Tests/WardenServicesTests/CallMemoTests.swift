import Synchronization
import Testing
import WardenServices

@Suite struct CallMemoTests {
    @Test func loadsOnceAndRemembersNil() async throws {
        let memo = CallMemo()
        let loads = Atomic(0)
        for _ in 0..<3 {
            let role: String? = await memo.value("role") { () async -> String? in
                loads.add(1, ordering: .relaxed)
                return nil
            }
            #expect(role == nil)
        }
        #expect(loads.load(ordering: .relaxed) == 1, "a remembered nil is not loaded again")
        let name: String = await memo.value("name") { "worker" }
        #expect(name == "worker")
        #expect(await memo.value("name") { "other" } == "worker")
    }
}
