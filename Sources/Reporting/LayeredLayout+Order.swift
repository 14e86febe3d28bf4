/// Crossing reduction and x placement of the built-in layout.
extension LayeredLayout {
    /// Layer orders after barycentre sweeps (down, then up, four times), the one with the fewest crossings.
    static func order(_ rows: [[String]], up: [String: [String]], down: [String: [String]]) -> [[String]] {
        var rows = rows, best = rows, fewest = crossings(rows, down: down)
        for _ in 0..<4 where fewest > 0 {
            for index in rows.indices.dropFirst() { rows[index] = reorder(rows[index], by: up, in: rows[index - 1]) }
            for index in rows.indices.dropLast().reversed() { rows[index] = reorder(rows[index], by: down, in: rows[index + 1]) }
            let count = crossings(rows, down: down)
            if count < fewest { (best, fewest) = (rows, count) }
        }
        return best
    }

    /// `row` sorted by the mean position of each slot's neighbours in `adjacent`; slots without any keep their place.
    static func reorder(_ row: [String], by neighbours: [String: [String]], in adjacent: [String]) -> [String] {
        let position = Dictionary(adjacent.enumerated().map { ($1, Double($0)) }, uniquingKeysWith: { a, _ in a })
        var fixed: [Int: String] = [:], movable: [(key: Double, slot: Int, node: String)] = []
        for (slot, node) in row.enumerated() {
            let values = (neighbours[node] ?? []).compactMap { position[$0] }
            if values.isEmpty { fixed[slot] = node } else { movable.append((values.reduce(0, +) / Double(values.count), slot, node)) }
        }
        var sorted = movable.sorted { $0.key != $1.key ? $0.key < $1.key : $0.slot < $1.slot }.map(\.node)[...]
        return row.indices.map { fixed[$0] ?? sorted.popFirst()! }
    }

    /// How many pairs of edges cross between consecutive layers (inversions, counted with a Fenwick tree).
    static func crossings(_ rows: [[String]], down: [String: [String]]) -> Int {
        var total = 0
        for (upper, lower) in zip(rows, rows.dropFirst()) where !lower.isEmpty {
            let position = Dictionary(lower.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            let ends = upper.enumerated().flatMap { slot, node in
                (down[node] ?? []).compactMap { position[$0] }.sorted().map { (slot, $0) }
            }
            var tree = [Int](repeating: 0, count: lower.count + 1), seen = 0
            for (_, end) in ends {
                var index = end + 1, notAfter = 0
                while index > 0 { notAfter += tree[index]; index -= index & -index }
                total += seen - notAfter
                index = end + 1
                while index <= lower.count { tree[index] += 1; index += index & -index }
                seen += 1
            }
        }
        return total
    }

    /// x centre of every slot: packed rows, then pulled towards their neighbours above, below and above again.
    static func place(_ rows: [[String]], up: [String: [String]], down: [String: [String]]) -> [String: Double] {
        var x: [String: Double] = [:]
        for row in rows {
            var next = 0.0
            for (index, slot) in row.enumerated() {
                next += index == 0 ? width(slot) / 2 : separation(row[index - 1], slot)
                x[slot] = next
            }
        }
        func pull(_ index: Int, towards neighbours: [String: [String]]) {
            let row = rows[index]
            let desired = row.map { slot -> Double in
                let values = (neighbours[slot] ?? []).compactMap { x[$0] }
                return values.isEmpty ? x[slot]! : values.reduce(0, +) / Double(values.count)
            }
            var left = desired, right = desired
            for i in row.indices.dropFirst() { left[i] = max(desired[i], left[i - 1] + separation(row[i - 1], row[i])) }
            for i in row.indices.dropLast().reversed() { right[i] = min(desired[i], right[i + 1] - separation(row[i], row[i + 1])) }
            for (i, slot) in row.enumerated() { x[slot] = (left[i] + right[i]) / 2 }
        }
        for index in rows.indices.dropFirst() { pull(index, towards: up) }
        for index in rows.indices.dropLast().reversed() { pull(index, towards: down) }
        for index in rows.indices.dropFirst() { pull(index, towards: up) }
        let least = x.map { $0.value - width($0.key) / 2 }.min() ?? 0
        return x.mapValues { $0 - least + DagLayout.margin }
    }
}
