import Testing
@testable import TarmacCommands

@Suite struct ByteCountTests {
    @Test func sizesAndDurationsParseAsUsersTypeThem() throws {
        #expect(try ByteCount.parse("10G", option: "--max-size") == 10 << 30)
        #expect(try ByteCount.parse("512", option: "--max-size") == 512)
        #expect(try ByteCount.parse("1.5MiB", option: "--max-size") == 1_572_864)
        #expect(throws: UsageError.self) { try ByteCount.parse("lots", option: "--max-size") }
        #expect(try ByteCount.duration("7d", option: "--older-than") == 604_800)
        #expect(try ByteCount.duration("30m", option: "--older-than") == 1_800)
        #expect(throws: UsageError.self) { try ByteCount.duration("soon", option: "--older-than") }
        #expect(ByteCount.format(1_572_864) == "1.5 MiB")
        #expect(ByteCount.format(12) == "12 bytes")
    }
}
