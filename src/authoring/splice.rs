//! Editing front matter as text, touching only the bytes that must change: inserting one entry
//! into a top-level list (`updates:`) and replacing the value of a top-level key (`status:`).
//!
//! These functions only find *where* to edit; the caller re-parses the result and checks that
//! everything else reads back the same before writing (see [`update`](super::update)).

/// Why the entry could not be inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpliceError {
    /// `updates:` is written inline (`[ … ]`) with entries; the 1-based line within the front matter.
    FlowList(usize),
    /// `updates:` has a value that is not a list.
    NotAList(usize),
}

/// One line of the front matter with its byte range.
struct Line<'a> {
    start: usize,
    /// Without the line ending.
    text: &'a str,
    end: usize,
}

fn lines_of(front: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in front.split_inclusive('\n') {
        let text = raw.trim_end_matches('\n').trim_end_matches('\r');
        out.push(Line {
            start,
            text,
            end: start + raw.len(),
        });
        start += raw.len();
    }
    out
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim_start();
    t.is_empty() || t.starts_with('#')
}

/// The key of a top-level `key: …` line (quotes removed) and the byte offset just after its colon.
fn top_level_key(line: &str) -> Option<(&str, usize)> {
    if line.starts_with([' ', '\t', '#', '-']) || line.is_empty() {
        return None;
    }
    let (key, after) = if let Some(q) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(q)? + 1;
        let rest = &line[close + 1..];
        let colon = close + 1 + rest.find(':')?;
        if !line[close + 1..colon].trim().is_empty() {
            return None;
        }
        (&line[1..close], colon + 1)
    } else {
        let colon = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(|s| s.len()))?;
        (line[..colon].trim_end(), colon + 1)
    };
    Some((key, after))
}

/// The value part of `key: value  # comment`: (value start, value end) as byte offsets in `line`,
/// `after` being just past the colon. Comments start at ` #`.
fn value_span(line: &str, after: usize) -> (usize, usize) {
    let rest = &line[after..];
    let start = after + (rest.len() - rest.trim_start().len());
    let mut end = line.len();
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for i in start..line.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && i == start => quote = Some(b),
            None if b == b'#' && i > 0 && (bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                end = i;
                break;
            }
            None => {}
        }
    }
    (start, start + line[start..end].trim_end().len())
}

/// Insert `entry` (built for `indent` by `entry_for`) as the last item of the top-level list
/// `key`, adding the key at the end of the front matter when there is none. `nl` is the file's
/// line ending.
pub fn append_item(
    front: &str,
    key: &str,
    nl: &str,
    entry_for: impl Fn(usize) -> String,
) -> Result<String, SpliceError> {
    let ls = lines_of(front);
    let Some(key_i) = ls
        .iter()
        .position(|l| top_level_key(l.text).is_some_and(|(k, _)| k == key))
    else {
        let mut out = front.to_string();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(nl);
        }
        out.push_str(key);
        out.push(':');
        out.push_str(nl);
        out.push_str(&entry_for(2));
        return Ok(out);
    };
    let key = &ls[key_i];
    let after = top_level_key(key.text).map_or(key.text.len(), |(_, a)| a);
    let (vs, ve) = value_span(key.text, after);
    let value = &key.text[vs..ve];
    let line_no = key_i + 1;
    match value {
        "" => {}
        "[]" | "~" | "null" | "Null" | "NULL" => {
            return Ok(fill_empty_list(front, key, after, ve, nl, &entry_for(2)));
        }
        v if v.starts_with('[') => return Err(SpliceError::FlowList(line_no)),
        _ => return Err(SpliceError::NotAList(line_no)),
    }
    let (last, indent) = block_list_end(&ls, key_i, line_no)?;
    let at = ls[last].end;
    let mut out = String::with_capacity(front.len() + 200);
    out.push_str(&front[..at]);
    if !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&entry_for(indent));
    out.push_str(&front[at..]);
    Ok(out)
}

/// `updates: []` (or `~`, `null`) becomes `updates:` (keeping any comment), followed by `entry`.
fn fill_empty_list(
    front: &str,
    key: &Line,
    after: usize,
    ve: usize,
    nl: &str,
    entry: &str,
) -> String {
    let comment = key.text[ve..].trim();
    let mut out = String::with_capacity(front.len() + 200);
    out.push_str(&front[..key.start]);
    out.push_str(&key.text[..after]);
    if !comment.is_empty() {
        out.push(' ');
        out.push_str(comment);
    }
    out.push_str(&front[key.start + key.text.len()..key.end]);
    let mut tail_start = key.end;
    if key.end == front.len() && !front.ends_with('\n') {
        out.push_str(nl);
        tail_start = front.len();
    }
    out.push_str(entry);
    out.push_str(&front[tail_start..]);
    out
}

/// The block list under the key on line `key_i`: the index of the last line that belongs to
/// its items, and the items' indent.
fn block_list_end(
    ls: &[Line],
    key_i: usize,
    line_no: usize,
) -> Result<(usize, usize), SpliceError> {
    let mut item_indent: Option<usize> = None;
    let mut last = key_i;
    for (i, l) in ls.iter().enumerate().skip(key_i + 1) {
        // A line starting with `#` indented deeper than the items belongs to the last item:
        // it may be a line of a block scalar (a note ending "#MaidstoneSafer" or
        // "# Next steps"), which the new entry must follow, not split.
        let inside_item = item_indent.is_some_and(|ii| indent_of(l.text) > ii);
        if l.text.trim().is_empty() || (is_blank_or_comment(l.text) && !inside_item) {
            continue;
        }
        if inside_item && is_blank_or_comment(l.text) {
            last = i;
            continue;
        }
        let ind = indent_of(l.text);
        let is_item = l.text[ind..].starts_with("- ") || &l.text[ind..] == "-";
        match item_indent {
            None if is_item => item_indent = Some(ind),
            None if ind == 0 => break,
            None => return Err(SpliceError::NotAList(line_no)),
            Some(ii) if ind < ii || (ind == ii && !is_item) => break,
            Some(_) => {}
        }
        last = i;
    }
    Ok((last, item_indent.unwrap_or(2)))
}

/// Replace the value of the top-level key `key` with `value`, keeping its quotes, comment and
/// everything else. `None` when there is no such key or its value is not a one-line scalar.
pub fn set_scalar(front: &str, key: &str, value: &str) -> Option<String> {
    let ls = lines_of(front);
    let line = ls
        .iter()
        .find(|l| top_level_key(l.text).is_some_and(|(k, _)| k == key))?;
    let (_, after) = top_level_key(line.text)?;
    let (vs, ve) = value_span(line.text, after);
    let old = &line.text[vs..ve];
    if old.is_empty() || old.starts_with(['|', '>', '[', '{', '&', '*', '!']) {
        return None;
    }
    let q = old.chars().next().filter(|c| *c == '"' || *c == '\'');
    let new_value = match q {
        Some(q) if old.len() >= 2 && old.ends_with(q) => format!("{q}{value}{q}"),
        Some(_) => return None,
        None => value.to_string(),
    };
    let mut out = String::with_capacity(front.len() + 16);
    out.push_str(&front[..line.start + vs]);
    out.push_str(&new_value);
    out.push_str(&front[line.start + ve..]);
    Some(out)
}

/// The index of the last line of the value of the top-level key on line `key_i`: indented
/// lines, and list items at the key's own indentation, with blank lines and comments between
/// them (not after them).
fn value_end(ls: &[Line], key_i: usize) -> usize {
    let mut last = key_i;
    for (i, l) in ls.iter().enumerate().skip(key_i + 1) {
        if l.text.trim().is_empty() {
            continue;
        }
        let ind = indent_of(l.text);
        let t = &l.text[ind..];
        if ind > 0 || t.starts_with("- ") || t == "-" {
            last = i;
        } else if !t.starts_with('#') {
            break;
        }
    }
    last
}

/// Replace the top-level key `key` and its whole value (one line, a block, or a list) with
/// `lines` (complete `key: …` lines, each ending in `nl`), or remove it when `lines` is
/// `None`. A key not yet in the file is inserted before the first of `later` (the keys that
/// follow it in the field table's order) found, else at the end. Returns the new front matter.
pub fn replace_key(
    front: &str,
    key: &str,
    lines: Option<&str>,
    later: &[&str],
    nl: &str,
) -> String {
    let ls = lines_of(front);
    let found = ls
        .iter()
        .position(|l| top_level_key(l.text).is_some_and(|(k, _)| k == key));
    let new = lines.unwrap_or("");
    let mut out = String::with_capacity(front.len() + new.len());
    match found {
        Some(i) => {
            let last = value_end(&ls, i);
            out.push_str(&front[..ls[i].start]);
            out.push_str(new);
            let end = ls[last].end;
            // The last line had no line ending (the end of the text): neither has the new one.
            if !front[..end].ends_with('\n') && out.ends_with(nl) {
                out.truncate(out.len() - nl.len());
            }
            out.push_str(&front[end..]);
        }
        None if new.is_empty() => out.push_str(front),
        None => {
            let at = ls
                .iter()
                .find(|l| top_level_key(l.text).is_some_and(|(k, _)| later.contains(&k)))
                .map_or(front.len(), |l| l.start);
            out.push_str(&front[..at]);
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(new);
            out.push_str(&front[at..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(indent: usize) -> String {
        format!(
            "{}- date: 2024-01-02\n{}  note: hi\n",
            " ".repeat(indent),
            " ".repeat(indent)
        )
    }

    #[test]
    fn adds_the_key_when_missing() {
        let out = append_item("title: A\n# end\n", "updates", "\n", entry).unwrap();
        assert_eq!(
            out,
            "title: A\n# end\nupdates:\n  - date: 2024-01-02\n    note: hi\n"
        );
    }

    #[test]
    fn replaces_an_empty_list_keeping_the_comment() {
        let out = append_item(
            "updates: [] # none yet\nstatus: x\n",
            "updates",
            "\n",
            entry,
        )
        .unwrap();
        assert_eq!(
            out,
            "updates: # none yet\n  - date: 2024-01-02\n    note: hi\nstatus: x\n"
        );
        let out = append_item("updates: []\r\nstatus: x\r\n", "updates", "\r\n", entry).unwrap();
        assert_eq!(
            out,
            "updates:\r\n  - date: 2024-01-02\n    note: hi\nstatus: x\r\n"
        );
    }

    #[test]
    fn appends_after_the_last_item_at_its_indentation() {
        let front =
            "updates:\n- date: 2023-01-01\n  note: |\n    a\n\n    b\n\n# trailing\nstatus: x\n";
        let out = append_item(front, "updates", "\n", entry).unwrap();
        assert_eq!(out, "updates:\n- date: 2023-01-01\n  note: |\n    a\n\n    b\n- date: 2024-01-02\n  note: hi\n\n# trailing\nstatus: x\n");
    }

    #[test]
    fn a_note_whose_last_line_starts_with_a_hash_stays_whole() {
        for tail in ["#MaidstoneSafer", "# Next steps"] {
            let front = format!("updates:\n  - date: 2023-01-01\n    note: |\n      Launched.\n      {tail}\nstatus: x\n");
            let out = append_item(&front, "updates", "\n", entry).unwrap();
            assert_eq!(
                out,
                format!("updates:\n  - date: 2023-01-01\n    note: |\n      Launched.\n      {tail}\n  - date: 2024-01-02\n    note: hi\nstatus: x\n")
            );
        }
    }

    #[test]
    fn refuses_flow_lists_and_non_lists() {
        assert_eq!(
            append_item("a: 1\nupdates: [{date: 2024}]\n", "updates", "\n", entry),
            Err(SpliceError::FlowList(2))
        );
        assert_eq!(
            append_item("updates: soon\n", "updates", "\n", entry),
            Err(SpliceError::NotAList(1))
        );
        assert_eq!(
            append_item("updates:\n  date: 2024\n", "updates", "\n", entry),
            Err(SpliceError::NotAList(1))
        );
    }

    #[test]
    fn status_value_is_replaced_in_place() {
        assert_eq!(
            set_scalar("a: 1\nstatus: ongoing # was\nb: 2\n", "status", "completed").unwrap(),
            "a: 1\nstatus: completed # was\nb: 2\n"
        );
        assert_eq!(
            set_scalar("\"status\" :  'ongoing'\r\n", "status", "completed").unwrap(),
            "\"status\" :  'completed'\r\n"
        );
        assert_eq!(
            set_scalar("updates:\n  - status: x\n", "status", "completed"),
            None
        );
        assert_eq!(set_scalar("status: |\n  x\n", "status", "completed"), None);
    }

    #[test]
    fn keys_are_found_only_at_the_top_level() {
        assert_eq!(top_level_key("updates:"), Some(("updates", 8)));
        assert_eq!(top_level_key("'updates' : []"), Some(("updates", 11)));
        assert_eq!(top_level_key("  updates:"), None);
        assert_eq!(top_level_key("title: a:b"), Some(("title", 6)));
    }

    #[test]
    fn a_key_and_its_whole_value_are_replaced() {
        let front = "title: A # t\nrecommendation: |\n  one\n\n  two\n# note\nlead_officers:\n- X\n- Y\nstatus: x\n";
        assert_eq!(
            replace_key(
                front,
                "recommendation",
                Some("recommendation: New\n"),
                &[],
                "\n"
            ),
            "title: A # t\nrecommendation: New\n# note\nlead_officers:\n- X\n- Y\nstatus: x\n"
        );
        assert_eq!(
            replace_key(front, "lead_officers", Some("lead_officers:\n  - Z\n"), &[], "\n"),
            "title: A # t\nrecommendation: |\n  one\n\n  two\n# note\nlead_officers:\n  - Z\nstatus: x\n"
        );
        assert_eq!(
            replace_key(front, "title", None, &[], "\n"),
            front.replace("title: A # t\n", "")
        );
        assert_eq!(
            replace_key("a: 1\r\nz: 2", "z", Some("z: 3\r\n"), &[], "\r\n"),
            "a: 1\r\nz: 3"
        );
    }

    #[test]
    fn a_new_key_goes_before_the_keys_that_follow_it() {
        assert_eq!(
            replace_key(
                "title: A\nstatus: x\n",
                "timetable",
                Some("timetable: Soon\n"),
                &["status"],
                "\n"
            ),
            "title: A\ntimetable: Soon\nstatus: x\n"
        );
        assert_eq!(
            replace_key(
                "title: A",
                "timetable",
                Some("timetable: Soon\n"),
                &["status"],
                "\n"
            ),
            "title: A\ntimetable: Soon\n"
        );
        assert_eq!(
            replace_key("title: A\n", "timetable", None, &[], "\n"),
            "title: A\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(front in "([a-z\"' #:\\[\\]|-]{0,12}\r?\n){0,8}") {
            let _ = append_item(&front, "updates", "\n", entry);
            let _ = set_scalar(&front, "status", "completed");
            let _ = replace_key(&front, "status", Some("status: x\n"), &["a"], "\n");
            let _ = replace_key(&front, "title", None, &[], "\n");
        }
    }
}
