/// ISO/IEC 18004 §7.8.3 mask penalty: runs, 2×2 blocks, finder-like patterns and dark/light balance.
/// Finder-like runs count the area outside the symbol as light, since the quiet zone is light.
enum QRCodePenalty {
    private static let runWeight = 3
    private static let blockWeight = 3
    private static let finderWeight = 40
    private static let balanceWeight = 10

    /// Scores a row-major module grid of `size` × `size`; lower is better.
    static func score(size: Int, modules: [Bool]) -> Int {
        func dark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }
        var result = 0
        for y in 0..<size { result += lineScore(size: size) { dark($0, y) } }
        for x in 0..<size { result += lineScore(size: size) { dark(x, $0) } }

        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let color = dark(x, y)
                if color == dark(x + 1, y) && color == dark(x, y + 1) && color == dark(x + 1, y + 1) {
                    result += blockWeight
                }
            }
        }

        let darkCount = modules.count(where: { $0 })
        let total = size * size
        // Smallest k with |dark/total − 1/2| ≤ (k+1)/20, i.e. each full 5% step away from balance.
        let steps = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        result += steps * balanceWeight
        return result
    }

    /// Rule 1 (runs of five or more) and rule 3 (1:1:3:1:1 with four light modules beside) along one line.
    private static func lineScore(size: Int, module: (Int) -> Bool) -> Int {
        var result = 0
        var runColor = false
        var runLength = 0
        var history = RunHistory(size: size)
        for index in 0..<size {
            if module(index) == runColor {
                runLength += 1
                if runLength == 5 {
                    result += runWeight
                } else if runLength > 5 {
                    result += 1
                }
            } else {
                history.add(runLength)
                if !runColor { result += history.finderLikeCount() * finderWeight }
                runColor = module(index)
                runLength = 1
            }
        }
        if runColor {
            history.add(runLength)
            runLength = 0
        }
        history.add(runLength + size)  // The light run continues into the quiet zone.
        return result + history.finderLikeCount() * finderWeight
    }

    /// The last seven run lengths of a line, newest first.
    private struct RunHistory {
        let size: Int
        var runs = [Int](repeating: 0, count: 7)

        mutating func add(_ length: Int) {
            // The first run of a line borders the light quiet zone.
            let length = runs[0] == 0 ? length + size : length
            runs.removeLast()
            runs.insert(length, at: 0)
        }

        /// Counts dark-light-dark(3)-light-dark runs with four light modules on either side.
        func finderLikeCount() -> Int {
            let n = runs[1]
            let core = n > 0 && runs[2] == n && runs[3] == n * 3 && runs[4] == n && runs[5] == n
            return (core && runs[0] >= n * 4 && runs[6] >= n ? 1 : 0)
                + (core && runs[6] >= n * 4 && runs[0] >= n ? 1 : 0)
        }
    }
}
