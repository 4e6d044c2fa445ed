//! Spreadsheet cells: text that a spreadsheet would run as a formula is guarded on the way out
//! (the CSV files) and unguarded on the way in (`import`).

/// Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
/// formula. Such text cells get a leading `'`, which spreadsheets show as plain text; numbers
/// such as `-5` are left alone. `import` removes the quote again ([`unguard_cell`]).
pub fn guard_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A cell a spreadsheet would run as a formula, or one that already looks guarded (`'=1+1`
/// typed as a title): guarding that one too is what lets [`unguard_cell`] give it back as
/// written.
fn needs_guard(cell: &str) -> bool {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err();
    risky || cell.strip_prefix('\'').is_some_and(needs_guard)
}

/// Undo [`guard_cell`]: `unguard_cell(&guard_cell(x)) == x` for every text.
pub fn unguard_cell(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_a_typed_quote_survives_the_round_trip() {
        assert_eq!(guard_cell("=1+1"), "'=1+1");
        assert_eq!(guard_cell("-5"), "-5");
        assert_eq!(guard_cell("'=1+1"), "''=1+1");
        assert_eq!(unguard_cell("''=1+1"), "'=1+1");
        assert_eq!(guard_cell("'quoted'"), "'quoted'");
    }

    proptest::proptest! {
        #[test]
        fn unguard_undoes_guard(text in "['=+@ -]{0,3}[a-z0-9.]{0,4}") {
            proptest::prop_assert_eq!(unguard_cell(&guard_cell(&text)), text);
        }
    }
}
