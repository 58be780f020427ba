//! A table as the reader sees it: headers and display text, each number
//! cell keeping its exact machine form beside the text. The command line
//! prints it aligned; the HTML page writes it as a `<table>`.

pub use eduaid::table::Align;

/// A column: its header and alignment.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Column {
    /// The header, in the reader's language.
    pub header: String,
    /// The alignment.
    pub align: Align,
}

/// One cell: the display text and, for a number, its exact machine form.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Cell {
    /// What the reader sees (`1,145,000.00`, `81.23%`, `是`).
    pub text: String,
    /// The exact machine form (`1145000.00`, `0.8123`, `true`), written as
    /// `data-value` in HTML.
    pub value: Option<String>,
    /// Whether the cell marks a failure (a year under the threshold).
    pub alert: bool,
}

impl Cell {
    /// A text cell.
    #[must_use]
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A cell whose text stands for an exact machine value (a number, a
    /// code, a date, a boolean), kept beside it.
    #[must_use]
    pub fn valued(text: impl Into<String>, value: &impl ToString) -> Cell {
        Cell {
            text: text.into(),
            value: Some(value.to_string()),
            alert: false,
        }
    }

    /// The same cell marked as a failure.
    #[must_use]
    pub fn alert(mut self, yes: bool) -> Cell {
        self.alert = yes;
        self
    }
}

/// A table in the reader's language.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Table {
    /// A stable identifier (`funds-by-source`), the HTML `id`.
    pub id: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table with these columns.
    #[must_use]
    pub fn new(id: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            id: id.into(),
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a column.
    #[must_use]
    pub fn column(mut self, header: impl Into<String>, align: Align) -> Table {
        self.columns.push(Column {
            header: header.into(),
            align,
        });
        self
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "one cell per column");
        self.rows.push(row);
    }
}
