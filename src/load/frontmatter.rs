//! Splits a content file into its YAML front matter and Markdown body.
//!
//! Every part is a slice of the input, so `open + front + close + body == input` always holds
//! (the property the `update` command relies on to leave bytes it does not touch alone).

/// A file split at its `---` fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The opening fence line, with its line ending (and a UTF-8 BOM if the file had one).
    pub open: &'a str,
    /// The YAML text between the fences.
    pub front: &'a str,
    /// The closing fence line, with its line ending (may be empty at end of file).
    pub close: &'a str,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line number of the first line of `front`.
    pub front_line: usize,
    /// 1-based line number of the first line of `body`.
    pub body_line: usize,
}

impl Split<'_> {
    /// Reassemble the file exactly.
    pub fn join(&self) -> String {
        [self.open, self.front, self.close, self.body].concat()
    }
}

/// Why a file could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file has no bytes (or only whitespace).
    Empty,
    /// The first line is not `---`.
    NoFrontMatter,
    /// The opening `---` is never closed; `lines` is the number of lines in the file.
    Unclosed { lines: usize },
}

fn is_fence(line: &str) -> bool {
    let t = line
        .trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t']);
    t == "---"
}

fn is_close_fence(line: &str) -> bool {
    let t = line
        .trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t']);
    t == "---" || t == "..."
}

/// Split `input` (already valid UTF-8) into front matter and body.
pub fn split(input: &str) -> Result<Split<'_>, SplitError> {
    if input.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let bom = if input.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut lines = input[bom..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(SplitError::NoFrontMatter);
    }
    let front_start = bom + first.len();
    let mut offset = front_start;
    for (i, line) in lines.enumerate() {
        let line_no = i + 2;
        if is_close_fence(line) {
            let close_end = offset + line.len();
            return Ok(Split {
                open: &input[..front_start],
                front: &input[front_start..offset],
                close: &input[offset..close_end],
                body: &input[close_end..],
                front_line: 2,
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed {
        lines: input.lines().count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.front, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn handles_bom_and_crlf() {
        let input = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let s = split(input).unwrap();
        assert_eq!(s.front, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
        assert_eq!(s.join(), input);
    }

    #[test]
    fn body_may_contain_fences() {
        let s = split("---\na: 1\n---\ntext\n---\nmore\n").unwrap();
        assert_eq!(s.body, "text\n---\nmore\n");
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let s = split("---\na: 1\n---").unwrap();
        assert_eq!(s.front, "a: 1\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn reports_empty_missing_and_unclosed() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("title: A\n"), Err(SplitError::NoFrontMatter));
        assert_eq!(
            split("---\ntitle: A\n"),
            Err(SplitError::Unclosed { lines: 2 })
        );
    }

    proptest! {
        #[test]
        fn split_then_join_is_identity(front in "[a-z: \\-\n]{0,60}", body in "\\PC{0,80}", crlf in any::<bool>()) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let input = format!("---{nl}{front}{nl}---{nl}{body}");
            if let Ok(s) = split(&input) {
                prop_assert_eq!(s.join(), input);
            }
        }

        #[test]
        fn never_panics(input in "\\PC{0,200}") {
            if let Ok(s) = split(&input) {
                prop_assert_eq!(s.join(), input);
            }
        }
    }
}
