/// How one line of a line chart is told apart from the others without colour: its dash
/// pattern and its point marker; the colour only adds to them. Each colour has at least
/// 3:1 contrast against white.
struct ChartLineStyle: Equatable {
    /// A point marker's shape.
    enum Marker: Equatable {
        /// A filled circle.
        case circle
        /// An open square.
        case square
        /// A filled triangle.
        case triangle
    }

    /// The stroke colour.
    var colour: String
    /// The `stroke-dasharray`, nil for a solid line.
    var dashes: String?
    /// The marker on its points.
    var marker: Marker

    /// The style of series `index`: solid with circles, dashed with squares, dotted with triangles.
    static func forSeries(_ index: Int) -> ChartLineStyle {
        all[index % all.count]
    }

    private static let all = [
        ChartLineStyle(colour: "#1d70b8", dashes: nil, marker: .circle),
        ChartLineStyle(colour: "#912b88", dashes: "7 4", marker: .square),
        ChartLineStyle(colour: "#0b0c0c", dashes: "2 3", marker: .triangle),
    ]

    /// The marker centred on (`x`, `y`), as an SVG element.
    func markerElement(x: Double, y: Double) -> String {
        let c = ChartFormat.coordinate
        switch marker {
        case .circle:
            return "<circle class=\"chart__marker\" cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"3.5\" fill=\"\(colour)\"/>"
        case .square:
            return
                "<rect class=\"chart__marker\" x=\"\(c(x - 3.5))\" y=\"\(c(y - 3.5))\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"\(colour)\" "
                + "stroke-width=\"2\"/>"
        case .triangle:
            return
                "<path class=\"chart__marker\" d=\"M\(c(x)) \(c(y - 4.5))L\(c(x + 4.5)) \(c(y + 3.5))L\(c(x - 4.5)) \(c(y + 3.5))Z\" fill=\"\(colour)\"/>"
        }
    }
}
