import Foundation
import Testing
@testable import PipelineIR

@Test(arguments: [128])
func probeOps(_ kb: Int) async {
    let which = ProcessInfo.processInfo.environment["CELW"] ?? "desc"
    let nots = String(repeating: "!", count: 255) + "true"
    let tree = try! CELParser.parse(nots)
    let tree2 = try! CELParser.parse(nots)
    let ok = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
        let thread = Thread {
            switch which {
            case "desc": _ = tree.description
            case "eq": _ = tree == tree2
            case "hash": _ = tree.hashValue
            default: break
            }
            continuation.resume(returning: true)
        }
        thread.stackSize = kb * 1024
        thread.start()
    }
    print("PROBE", which, kb, ok)
}
