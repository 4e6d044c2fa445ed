//! Placeholder text: what a council template left in a field nobody filled in. A fact of
//! the model (the page shows it as a gap in the record) and a warning of `check`.

/// Phrases from council templates that mean "nobody filled this in".
pub const TEMPLATE_PHRASES: &[&str] = &[
    "explanation provided as applicable",
    "'none' or explanation",
    "insert text here",
    "[insert",
    "to be confirmed",
    "lorem ipsum",
    "tbc",
    "xxx",
];

/// Does this text look like a placeholder rather than an answer? Returns the phrase found.
///
/// Called for every response, financial impact and update note of the site (by `check` and by
/// each page that lists gaps), so it scans the text once without lowercasing a copy of it.
pub fn placeholder(text: &str) -> Option<String> {
    // Markdown escapes (`\*\*\*`) still read as asterisks to a resident.
    let unescaped: std::borrow::Cow<str> = if text.contains('\\') {
        text.replace('\\', "").into()
    } else {
        text.into()
    };
    let t = unescaped.trim();
    if t.is_empty() {
        return None;
    }
    if memchr::memmem::find(t.as_bytes(), b"***").is_some() {
        return Some("****".into());
    }
    if t.chars().all(|c| !c.is_alphanumeric()) {
        return Some(t.chars().take(12).collect());
    }
    // Long phrases anywhere; short ones ("tbc") only as whole words. One pass over the text
    // for all phrases. Matches do not overlap, which loses nothing: only short phrases are
    // rejected, a rejected one lies inside a word, and a whole-word match cannot start inside
    // a word. The phrases are lowercase ASCII, so searching an ASCII-lowercased copy is a
    // case-insensitive search, and a case-sensitive automaton can skip ahead with its SIMD
    // prefilter (a case-insensitive one looked at every byte: three times slower).
    let lower = t.to_ascii_lowercase();
    PHRASES
        .find_iter(&lower)
        .find(|m| {
            m.len() > 3
                || (!t[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !t[m.end()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric))
        })
        .map(|m| TEMPLATE_PHRASES[m.pattern().as_usize()].to_string())
}

static PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(TEMPLATE_PHRASES)
        .expect("the template phrases are a valid automaton")
});
