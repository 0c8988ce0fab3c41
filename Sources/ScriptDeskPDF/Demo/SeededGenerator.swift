/// A small, fast random number generator (SplitMix64) whose sequence depends only on its
/// seed, so the demo archive comes out the same on every machine.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// A seed from text, by FNV-1a (Swift's own `Hasher` changes from run to run).
    public init(seedText: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seedText.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        self.init(seed: hash)
    }

    /// The next number of the SplitMix64 sequence.
    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
