/// A table of a statement: its title, its columns and rows of text, one cell a column.
struct StatementTable {
    /// A column's heading and width in points (its cells are wrapped a little inside it).
    struct Column {
        var heading: String
        var width: Double
    }

    var title: String
    var columns: [Column]
    var rows: [[String]]
}
