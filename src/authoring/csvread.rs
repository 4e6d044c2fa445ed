//! Reading a spreadsheet exported as CSV, with every problem located at its CSV line.

use crate::diagnostics::{Diagnostic, Diagnostics, Lines, Position};
use std::path::Path;

/// A CSV file: its header and its non-blank rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed; a blank one is named `Column N`.
    pub headers: Vec<String>,
    /// Which header cells were blank (a column of references often has no heading).
    pub blank: Vec<bool>,
    pub rows: Vec<Row>,
    /// The decoded text (for showing lines in diagnostics).
    pub text: String,
}

/// One data row, with the CSV line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

const SAVE_AS_UTF8: &str =
    "save the spreadsheet as \"CSV UTF-8\" (Excel: File → Save As → CSV UTF-8), then import again";

/// Decode and parse `bytes` read from `file`.
pub fn read(file: &Path, bytes: &[u8]) -> Result<Table, Diagnostics> {
    let text = decode(file, bytes)?;
    let (headers, rows, errors) = records(file, &Lines::new(&text));
    let Some(headers) = headers else {
        let mut errors = errors;
        errors.push(
            Diagnostic::error(file, Position::new(1, 1), "the CSV file is empty")
                .with_hint("export the plan with its header row"),
        );
        return Err(errors);
    };
    if errors.has_errors() {
        return Err(errors);
    }
    let blank = headers.iter().map(|h| h.is_empty()).collect();
    let headers = headers
        .into_iter()
        .enumerate()
        .map(|(i, h)| {
            if h.is_empty() {
                format!("Column {}", i + 1)
            } else {
                h
            }
        })
        .collect();
    Ok(Table {
        headers,
        blank,
        rows,
        text,
    })
}

/// The header row (if any), the data rows and the rows that could not be read.
fn records(file: &Path, lines: &Lines) -> (Option<Vec<String>>, Vec<Row>, Diagnostics) {
    let text = lines.text();
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut errors = Diagnostics::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(lines, p.byte()));
                errors.push(
                    Diagnostic::error(
                        file,
                        Position::new(line, 1),
                        format!("cannot read this CSV row: {e}"),
                    )
                    .with_line_of(lines),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(lines, p.byte()));
        let cells: Vec<String> = record
            .iter()
            .map(|c| crate::text::spreadsheet::unguard_cell(&c.replace("\r\n", "\n")))
            .collect();
        let Some(h) = &headers else {
            headers = Some(cells.iter().map(|c| c.trim().to_string()).collect());
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let extra_blank =
            cells.len() > h.len() && cells[h.len()..].iter().all(|c| c.trim().is_empty());
        if cells.len() != h.len() && !extra_blank {
            errors.push(
                Diagnostic::error(file, Position::new(line, 1), format!("this row has {} cells but the header has {}", cells.len(), h.len()))
                    .with_line_of(lines)
                    .with_hint("a cell with a comma or a line break must be in double quotes, and a quote inside it doubled (\"\"); check for a missing closing quote"),
            );
            continue;
        }
        let mut cells = cells;
        cells.truncate(h.len());
        rows.push(Row { line, cells });
    }
    (headers, rows, errors)
}

/// The line of the record starting at `byte`. The csv crate's own line count drifts with CRLF
/// and blank lines, and its offset can point at the line break before the record: skip those.
/// (Counting the line breaks before each record, from the start of the file, made reading
/// quadratic.)
fn line_at(lines: &Lines, byte: u64) -> usize {
    let bytes = lines.text().as_bytes();
    let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while at < bytes.len() && (bytes[at] == b'\r' || bytes[at] == b'\n') {
        at += 1;
    }
    lines.line_at(at)
}

/// UTF-8 (a BOM is dropped); anything else is reported at the lines where it goes wrong.
fn decode(file: &Path, bytes: &[u8]) -> Result<String, Diagnostics> {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(super::one(
            Diagnostic::error(
                file,
                Position::new(1, 1),
                "the CSV file is UTF-16, not UTF-8",
            )
            .with_hint(SAVE_AS_UTF8),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let lossy = String::from_utf8_lossy(bytes).into_owned();
    let mut errors = Diagnostics::new();
    let mut offset = 0;
    let mut rest = bytes;
    while let Err(e) = std::str::from_utf8(rest) {
        let bad = offset + e.valid_up_to();
        let before = &bytes[..bad];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        let new_line = errors.iter().last().is_none_or(|d| d.position.line != line);
        if new_line && errors.len() < 5 {
            errors.push(
                Diagnostic::error(
                    file,
                    Position::new(line, column),
                    format!("the CSV file is not UTF-8 (byte 0x{:02x})", bytes[bad]),
                )
                .with_source(&lossy)
                .with_hint(SAVE_AS_UTF8),
            );
        }
        let skip = e.error_len().unwrap_or(rest.len() - e.valid_up_to()).max(1);
        offset = bad + skip;
        if offset >= bytes.len() {
            break;
        }
        rest = &bytes[offset..];
    }
    Err(errors)
}

/// Commas, unless the header line has more semicolons or tabs (spreadsheets in some locales).
fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.matches(c).count();
    let (commas, semis, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_cells_keep_their_starting_line() {
        let t = read(
            Path::new("p.csv"),
            b"\xef\xbb\xbfNumber,Recommendation\r\n1,\"a\r\nb\"\r\n\r\n,\r\n2,c\r\n",
        )
        .unwrap();
        assert_eq!(t.headers, ["Number", "Recommendation"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "a\nb");
        assert_eq!(t.rows[1].line, 6);
    }

    #[test]
    fn ragged_rows_are_reported_at_their_line() {
        let err = read(Path::new("p.csv"), b"A,B\n1,2\n3\n4,5,6\n7,8,,\n").unwrap_err();
        let lines: Vec<usize> = err.iter().map(|d| d.position.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(err
            .render(false)
            .contains("this row has 1 cells but the header has 2"));
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let err = read(
            Path::new("p.csv"),
            b"A,B\n1,caf\xe9\n2,ok\n3,\x93quoted\x94\n",
        )
        .unwrap_err();
        let pos: Vec<(usize, usize)> = err
            .iter()
            .map(|d| (d.position.line, d.position.column))
            .collect();
        assert_eq!(pos, [(2, 6), (4, 3)]);
        assert!(err.render(false).contains("CSV UTF-8"));
        assert!(read(Path::new("p.csv"), b"\xff\xfeA\0").is_err());
    }

    #[test]
    fn semicolon_separated_files_are_understood() {
        let t = read(Path::new("p.csv"), b"Number;Recommendation\n1;a, b\n").unwrap();
        assert_eq!(t.rows[0].cells, ["1", "a, b"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let _ = read(Path::new("p.csv"), &bytes);
        }
    }
}
