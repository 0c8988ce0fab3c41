/// The value axis of a chart: from zero to a round maximum (1, 2 or 5 × 10ⁿ) at or above the
/// highest value, with a few ticks at round steps, so the labels read "0, 50, 100, 150, 200".
struct ChartScale: Equatable {
    /// The top of the axis.
    var maximum: Double
    /// The values a tick is drawn and labelled at, from zero up to `maximum`.
    var ticks: [Double]

    /// The scale for values up to `highest`; an axis from 0 to 1 when there is nothing above zero.
    init(highest: Double) {
        guard highest > 0, highest.isFinite else {
            self.init(mantissa: 1, exponent: 0)
            return
        }
        // Bring `highest` into 1 ..< 10 by whole powers of ten, counted without `log10`'s rounding.
        var exponent = 0
        var fraction = highest
        while fraction >= 10 {
            fraction /= 10
            exponent += 1
        }
        while fraction < 1 {
            fraction *= 10
            exponent -= 1
        }
        switch fraction {
        case ...1.000_000_001: self.init(mantissa: 1, exponent: exponent)
        case ...2.000_000_001: self.init(mantissa: 2, exponent: exponent)
        case ...5.000_000_001: self.init(mantissa: 5, exponent: exponent)
        default: self.init(mantissa: 1, exponent: exponent + 1)
        }
    }

    /// Ticks every half unit for 1 and 2 × 10ⁿ, every unit for 5 × 10ⁿ: three to six labels.
    private init(mantissa: Double, exponent: Int) {
        let unit = Self.power(exponent)
        maximum = mantissa * unit
        let step = mantissa == 5 ? unit : unit / 2
        let count = Int((maximum / step).rounded())
        ticks = (0...count).map { Double($0) * step }
    }

    /// 10ⁿ, by repeated multiplication so that 10⁻¹ is the same double as the literal 0.1.
    private static func power(_ exponent: Int) -> Double {
        exponent >= 0 ? (0..<exponent).reduce(1.0) { value, _ in value * 10 } : 1 / power(-exponent)
    }
}
