/// Sums of money as a centre reads them.
public enum Money {
    /// "54.00": a whole number of pence as pounds, to two decimal places.
    public static func pounds(_ pence: Int) -> String {
        let sign = pence < 0 ? "-" : ""
        let magnitude = pence.magnitude
        let remainder = magnitude % 100
        return "\(sign)\(magnitude / 100).\(remainder < 10 ? "0" : "")\(remainder)"
    }
}
