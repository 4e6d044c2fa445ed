//! One diagnostics type for every stage, rendered in one place (terminal and preview overlay).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors stop a build; warnings are accountability gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based like editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

/// A problem found in the content, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, as the user types it.
    pub file: PathBuf,
    pub position: Position,
    /// The offending source line, without its line ending.
    pub source_line: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// A second location, e.g. the other file of a duplicate number.
    pub related: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, position: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position,
            source_line: None,
            message: message.into(),
            hint: None,
            related: None,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, position, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_related(mut self, related: impl Into<String>) -> Self {
        self.related = Some(related.into());
        self
    }

    /// Attach the source line the position points at.
    /// How much of the offending line a diagnostic keeps (the terminal shows 200 characters).
    pub fn with_source(mut self, source: &str) -> Self {
        if self.position.line > 0 {
            self.source_line = source.lines().nth(self.position.line - 1).map(shown_line);
        }
        self
    }

    /// Attach the source line itself (kept by a later stage that no longer has the file).
    pub fn with_line(mut self, line: &str) -> Self {
        self.source_line = Some(shown_line(line));
        self
    }

    /// [`Diagnostic::with_source`] for a text with many diagnostics: the line is looked up,
    /// not counted from the start of the text for each one.
    pub fn with_line_of(mut self, lines: &Lines) -> Self {
        if self.position.line > 0 {
            self.source_line = lines.line(self.position.line).map(shown_line);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn location(&self) -> String {
        let file = display_path(&self.file);
        if self.position.line == 0 {
            file
        } else {
            format!("{}:{}:{}", file, self.position.line, self.position.column)
        }
    }
}

/// The most characters of a line a diagnostic quotes.
const QUOTED_CHARS: usize = 240;
/// At most the start of the one line: a diagnostic never carries more of a file (a huge
/// minified line, or a file that is not text at all).
fn shown_line(l: &str) -> String {
    l.trim_end_matches('\r')
        .trim_start_matches('\u{feff}')
        .chars()
        .take(QUOTED_CHARS)
        .collect()
}

/// A text with where each of its lines starts, found in one pass: for a text that many
/// diagnostics point into (a CSV file with a problem on every row), finding each line from
/// the start of the text made the whole quadratic.
pub struct Lines<'a> {
    text: &'a str,
    /// The byte offset of each line's start: 0, then one past every `\n`.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The 1-based line holding byte `at` (a byte past the end is on the last line).
    pub fn line_at(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at)
    }

    /// Line `n` (1-based) without its line ending, as `str::lines` gives it: `None` past the
    /// last line, and after a final line break.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        if start == self.text.len() {
            return None;
        }
        match self.starts.get(n) {
            Some(next) => {
                let line = &self.text[start..next - 1];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(&self.text[start..]),
        }
    }
}

/// The order of `Path`'s own comparison (folder by folder) for the relative, clean paths of
/// a site's files, without splitting them into components: a separator sorts before any
/// other byte. Ten thousand warnings are sorted on every build. Only clean paths compare as
/// `Path` does (no `.` or `..` parts, no doubled or trailing separator); diagnostics name files
/// by their path from the site root, which the walk gives clean.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| {
        if c == b'/' || c == std::path::MAIN_SEPARATOR as u8 {
            0
        } else {
            c
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    a.iter().map(|c| key(*c)).cmp(b.iter().map(|c| key(*c)))
}

fn display_path(path: &Path) -> String {
    printable(&path.to_string_lossy().replace('\\', "/")).into_owned()
}

/// Text safe to print on a terminal: control characters (escape sequences in a file name or
/// a line could move the cursor, retitle the window or hide text) become U+FFFD, one
/// character each so a caret under the line still points at the right column. Tabs stay.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\t';
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if bad(c) { '\u{fffd}' } else { c })
            .collect(),
    )
}

/// Every problem of one run, in a stable order (file, line, column).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Self {
        Diagnostics {
            items: items.into_iter().collect(),
        }
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics, taken out.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Sort by file and position so output is the same on every run.
    pub fn sort(&mut self) {
        // A large site has tens of thousands of warnings: sorted on every core (stable, so
        // the order is the same as a sequential sort's).
        use rayon::slice::ParallelSliceMut as _;
        self.items.par_sort_by(|a, b| {
            path_order(&a.file, &b.file).then_with(|| {
                (a.position, a.severity, &a.message).cmp(&(b.position, b.severity, &b.message))
            })
        });
        self.items.dedup();
    }

    /// Only the errors (used when a build fails: warnings are `check`'s business).
    pub fn errors(&self) -> Diagnostics {
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| d.is_error())
                .cloned()
                .collect(),
        }
    }

    /// Render like rustc: severity and message, location arrow, the line, a caret, the hint.
    pub fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for d in &self.items {
            render_one(&mut out, d, colour);
        }
        out
    }

    /// "2 errors, 5 warnings"
    /// "2 errors": what a failed `build` or preview says, as they show errors only (the
    /// warnings are counted and dropped), so a count of warnings there would read "0".
    pub fn error_summary(&self) -> String {
        let e = self.error_count();
        format!("{e} {}", plural(e, "error"))
    }

    pub fn summary(&self) -> String {
        let e = self.error_count();
        let w = self.warning_count();
        format!(
            "{} {}, {} {}",
            e,
            plural(e, "error"),
            w,
            plural(w, "warning")
        )
    }
}

/// Colour only when stderr is a terminal and NO_COLOR is not set.
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn render_one(out: &mut String, d: &Diagnostic, colour: bool) {
    let p = Paint { on: colour };
    let (label, code) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let _ = writeln!(
        out,
        "{}{}",
        p.wrap(code, label),
        p.wrap("1", &format!(": {}", printable(&d.message)))
    );
    let gutter = d.position.line.max(1).to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}{} {}", p.wrap("1;34", "-->"), d.location());
    if let Some(line) = &d.source_line {
        let shown: String = printable(line).chars().take(200).collect();
        let _ = writeln!(out, "{pad} {}", p.wrap("1;34", "|"));
        let _ = writeln!(
            out,
            "{} {} {}",
            p.wrap("1;34", &d.position.line.to_string()),
            p.wrap("1;34", "|"),
            shown
        );
        let caret_at = d
            .position
            .column
            .saturating_sub(1)
            .min(shown.chars().count());
        let lead: String = shown
            .chars()
            .take(caret_at)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(
            out,
            "{pad} {} {lead}{}",
            p.wrap("1;34", "|"),
            p.wrap(code, "^")
        );
    }
    if let Some(related) = &d.related {
        let _ = writeln!(out, "{pad} {} {}", p.wrap("1;34", "="), printable(related));
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(
            out,
            "{pad} {} {}",
            p.wrap("1;36", "= help:"),
            printable(hint)
        );
    }
    out.push('\n');
}

/// The closest candidate to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let input_l = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&input_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(3) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let keys = ["lead_officers", "cabinet_members", "title"];
        assert_eq!(did_you_mean("lead_oficers", keys), Some("lead_officers"));
        assert_eq!(did_you_mean("lead-officers", keys), Some("lead_officers"));
        assert_eq!(did_you_mean("zzzzzz", keys), None);
    }

    #[test]
    fn renders_location_line_caret_and_hint() {
        let src = "a: 1\nstatus: done\n";
        let d = Diagnostic::error("content/x.md", Position::new(2, 9), "unknown status `done`")
            .with_source(src)
            .with_hint("valid statuses are …");
        let mut ds = Diagnostics::new();
        ds.push(d);
        let text = ds.render(false);
        assert!(text.contains("error: unknown status `done`"));
        assert!(text.contains("--> content/x.md:2:9"));
        assert!(text.contains("2 | status: done"));
        assert!(text.contains("|         ^"));
        assert!(text.contains("= help: valid statuses are …"));
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\r\nb", "\n\nc\n", "x\ny\r\n\r\nz", "a\r"] {
            let lines = Lines::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let got: Vec<&str> = (1..=expected.len() + 2)
                .filter_map(|n| lines.line(n))
                .collect();
            assert_eq!(got, expected, "{text:?}");
            assert_eq!(lines.line(0), None);
            for (at, _) in text.char_indices() {
                let before = text[..at].matches('\n').count() + 1;
                assert_eq!(lines.line_at(at), before, "{text:?} at {at}");
            }
        }
    }

    #[test]
    fn paths_sort_folder_by_folder() {
        let paths = [
            "content/a-b/x.md",
            "content/a/x.md",
            "content/a/b/c.md",
            "content/a.md",
            "content/ab/x.md",
            "content/a/x/y.md",
            "site.yaml",
            "content",
        ];
        for a in paths {
            for b in paths {
                let (pa, pb) = (Path::new(a), Path::new(b));
                assert_eq!(path_order(pa, pb), pa.cmp(pb), "{a} vs {b}");
            }
        }
    }
}
