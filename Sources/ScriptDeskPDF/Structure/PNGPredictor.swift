/// Undoes the PNG row predictors (PDF `/Predictor` 10 to 15) that cross-reference streams and
/// some images apply before Flate.
enum PNGPredictor {
    /// Each row of `encoded` is a filter-type byte then `rowLength` bytes; returns the rows
    /// without their filter bytes, or nil when the data is not whole rows or names an unknown filter.
    static func decode(_ encoded: [UInt8], rowLength: Int, bytesPerPixel: Int) -> [UInt8]? {
        guard rowLength > 0, bytesPerPixel > 0, encoded.count % (rowLength + 1) == 0 else { return nil }
        let rows = encoded.count / (rowLength + 1)
        var output = [UInt8](repeating: 0, count: rows * rowLength)
        for row in 0..<rows {
            let filter = encoded[row * (rowLength + 1)]
            let input = row * (rowLength + 1) + 1
            let base = row * rowLength
            for column in 0..<rowLength {
                let raw = encoded[input + column]
                let left = column >= bytesPerPixel ? Int(output[base + column - bytesPerPixel]) : 0
                let up = row > 0 ? Int(output[base - rowLength + column]) : 0
                let upLeft = row > 0 && column >= bytesPerPixel ? Int(output[base - rowLength + column - bytesPerPixel]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4: predicted = paeth(left, up, upLeft)
                default: return nil
                }
                output[base + column] = raw &+ UInt8(truncatingIfNeeded: predicted)
            }
        }
        return output
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
