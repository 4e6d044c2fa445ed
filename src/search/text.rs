//! Words for the index: folding, tokenizing, stop words and a light English stemmer.
//!
//! `static/search.js` repeats these rules exactly (it receives the fold table and the stop words
//! in the manifest, so only the tokenizer and the stemmer are written twice). A term is:
//!
//! 1. each character folded with [`crate::model::slug::fold`] ("Siân" → "Sian", "O’Neill" →
//!    "ONeill"), then lowercased;
//! 2. split on every character that is not alphanumeric or is outside the Basic Multilingual
//!    Plane (so byte order of UTF-8 terms equals JavaScript's string order);
//! 3. dropped when it is a stop word, a single letter, or longer than [`MAX_WORD`] bytes;
//! 4. stemmed with [`stem`]: Porter's steps 1a, 1b, 1c and 5 (inflections only: "engaging",
//!    "engaged" and "engage" → "engag"; "policies" → "polici" but "police" → "polic").
//!
//! Derivations ("engage" → "engagement") are found by prefix matching in the client.

/// Longest word indexed, in bytes (longer "words" are URLs, hashes or run-on text).
pub const MAX_WORD: usize = 24;

/// Defines the stop word list and a fast test for it (a `match`, not a search).
macro_rules! stop_words {
    ($($w:literal),+ $(,)?) => {
        /// Words too common to help a search; never indexed, dropped from queries.
        pub const STOP_WORDS: &[&str] = &[$($w),+];

        /// Whether `w` (already folded and lowercased) is a stop word.
        pub fn is_stop(w: &str) -> bool {
            matches!(w, $($w)|+)
        }
    };
}

stop_words!(
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "here", "his", "how", "i", "if", "in", "into", "is", "it", "its", "may",
    "me", "more", "most", "my", "no", "not", "of", "on", "or", "our", "out", "over", "she",
    "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "up", "us", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "will", "with", "would", "you", "your",
);

/// Every character that [`crate::model::slug::fold`] changes, with what it becomes, for the
/// client (Latin-1 Supplement, Latin Extended-A and typographic apostrophes).
pub fn fold_table() -> Vec<(char, String)> {
    let candidates = ('\u{c0}'..='\u{17f}').chain(['\u{2019}', '\u{2018}', '\'']);
    candidates
        .filter_map(|c| {
            let f = crate::model::slug::fold(c);
            (f != c.to_string()).then_some((c, f))
        })
        .collect()
}

/// Fold one character into `out`, lowercased.
fn push_folded(c: char, out: &mut String) {
    if c == '\'' {
        // Removed, as `fold` does: an apostrophe joins its word.
    } else if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        for f in crate::model::slug::fold(c).chars() {
            out.extend(f.to_lowercase());
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x10000
}

/// Call `f` with every word of `text`: folded, lowercased, not yet stop-filtered or stemmed.
///
/// Runs of ASCII letters and digits are taken whole (most text is ASCII); a run that is a
/// whole lowercase word is passed on without being copied.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut folded = String::new();
    let mut word = String::with_capacity(32);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let run = &text[start..i];
            // The word goes on past an apostrophe (which joins) or a non-ASCII character
            // (which may fold to letters).
            let ends = bytes.get(i).is_none_or(|&n| n.is_ascii() && n != b'\'');
            if word.is_empty() && ends && !run.bytes().any(|b| b.is_ascii_uppercase()) {
                f(run);
            } else {
                let from = word.len();
                word.push_str(run);
                word[from..].make_ascii_lowercase();
            }
            continue;
        }
        if b.is_ascii() {
            if b != b'\'' && !word.is_empty() {
                f(&word);
                word.clear();
            }
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        push_char(c, &mut folded, &mut word, &mut f);
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// The general rule for one character: fold it, add what is a word character to `word`, and
/// hand `word` to `f` at anything else. Folding can remove a character (an apostrophe joins:
/// "council’s" → "councils") or give several ("ß" → "ss"). `folded` is scratch space.
fn push_char(c: char, folded: &mut String, word: &mut String, f: &mut impl FnMut(&str)) {
    folded.clear();
    push_folded(c, folded);
    for fc in folded.chars() {
        if is_word_char(fc) {
            word.push(fc);
        } else if !word.is_empty() {
            f(word);
            word.clear();
        }
    }
}

/// Whether a folded word is worth indexing: not a stop word, not a lone letter, not too long.
pub fn keep(w: &str) -> bool {
    let single_letter =
        w.len() <= 4 && w.chars().count() == 1 && !w.bytes().all(|b| b.is_ascii_digit());
    !single_letter && w.len() <= MAX_WORD && !is_stop(w)
}

/// Every indexable term of `text`, stemmed, in order (with repeats).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(text, |w| {
        if keep(w) {
            out.push(stem(w));
        }
    });
    out
}

fn is_vowel_at(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0 && !is_vowel_at(w, i - 1),
        _ => false,
    }
}

/// Porter's measure m of `w[..len]`: the number of vowel-consonant sequences.
fn measure(w: &[u8], len: usize) -> usize {
    let mut m = 0;
    let mut prev_vowel = false;
    for i in 0..len {
        let v = is_vowel_at(w, i);
        if prev_vowel && !v {
            m += 1;
        }
        prev_vowel = v;
    }
    m
}

fn has_vowel(w: &[u8], len: usize) -> bool {
    (0..len).any(|i| is_vowel_at(w, i))
}

/// Ends consonant-vowel-consonant, the last not w, x or y ("hop", not "how").
fn cvc(w: &[u8], len: usize) -> bool {
    len >= 3
        && !is_vowel_at(w, len - 1)
        && is_vowel_at(w, len - 2)
        && !is_vowel_at(w, len - 3)
        && !matches!(w[len - 1], b'w' | b'x' | b'y')
}

fn double_consonant(w: &[u8], len: usize) -> bool {
    len >= 2 && w[len - 1] == w[len - 2] && !is_vowel_at(w, len - 1)
}

/// A light English stemmer: Porter's steps 1a, 1b, 1c and 5a/5b, on ASCII words (other words
/// are returned as they are). Written to be repeated line for line in `search.js`.
pub fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w: Vec<u8> = word.as_bytes().to_vec();
    // Step 1a: plurals.
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") {
        w.pop();
    }
    // Step 1b: -eed, -ed, -ing.
    let mut fix = false;
    if w.ends_with(b"eed") {
        if measure(&w, w.len() - 3) > 0 {
            w.pop();
        }
    } else if w.ends_with(b"ed") && has_vowel(&w, w.len() - 2) {
        w.truncate(w.len() - 2);
        fix = true;
    } else if w.ends_with(b"ing") && has_vowel(&w, w.len() - 3) {
        w.truncate(w.len() - 3);
        fix = true;
    }
    if fix {
        let n = w.len();
        if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
            w.push(b'e');
        } else if double_consonant(&w, n) && !matches!(w[n - 1], b'l' | b's' | b'z') {
            w.pop();
        } else if measure(&w, n) == 1 && cvc(&w, n) {
            w.push(b'e');
        }
    }
    // Step 1c: y → i after a vowel somewhere before it.
    if w.ends_with(b"y") && has_vowel(&w, w.len() - 1) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Step 5a: a final e goes when m > 1, or m = 1 and not cvc.
    if w.ends_with(b"e") {
        let n = w.len() - 1;
        let m = measure(&w, n);
        if m > 1 || (m == 1 && !cvc(&w, n)) {
            w.pop();
        }
    }
    // Step 5b: -ll → -l when m > 1.
    let n = w.len();
    if n >= 2 && w.ends_with(b"ll") && measure(&w, n) > 1 {
        w.pop();
    }
    // Only ASCII bytes were changed, so this cannot fail; fall back to the word just in case.
    String::from_utf8(w).unwrap_or_else(|_| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut s = STOP_WORDS.to_vec();
        s.sort();
        assert_eq!(s, STOP_WORDS);
        assert!(STOP_WORDS.iter().all(|w| is_stop(w)));
        assert!(!is_stop("") && !is_stop("youth"));
    }

    #[test]
    fn words_are_folded_lowercased_and_split() {
        let mut v = Vec::new();
        each_word("Siân O’Neill's Café-bar, £15,000 (2024)", |w| {
            v.push(w.to_string())
        });
        assert_eq!(v, ["sian", "oneills", "cafe", "bar", "15", "000", "2024"]);
        let mut v = Vec::new();
        each_word("Straße ÆTHER", |w| v.push(w.to_string()));
        assert_eq!(v, ["strasse", "aether"]);
    }

    #[test]
    fn terms_drop_stop_words_and_single_letters() {
        assert_eq!(
            terms("The Youth Forum and a Member of it: 5 x"),
            ["youth", "forum", "member", "5"]
        );
    }

    #[test]
    fn stems_inflections_only() {
        let cases = [
            ("engaging", "engag"),
            ("engaged", "engag"),
            ("engage", "engag"),
            ("engagement", "engagement"),
            ("police", "polic"),
            ("policing", "polic"),
            ("policies", "polici"),
            ("policy", "polici"),
            ("communities", "communiti"),
            ("community", "communiti"),
            ("forums", "forum"),
            ("members", "member"),
            ("hoping", "hope"),
            ("hope", "hope"),
            ("planning", "plan"),
            ("controlling", "control"),
            ("agreed", "agre"),
            ("caresses", "caress"),
            ("youth", "youth"),
            ("bystander", "bystander"),
            ("used", "us"),
            ("use", "us"),
            ("meetings", "meet"),
            ("2024", "2024"),
            ("café", "café"),
        ];
        for (w, s) in cases {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn fold_table_covers_welsh_and_apostrophes() {
        let t = fold_table();
        assert!(t.contains(&('â', "a".to_string())));
        assert!(t.contains(&('’', String::new())));
        assert!(t.contains(&('ß', "ss".to_string())));
    }

    /// The tokenizer as first written, the general rule for every character: the reference
    /// for the fast path over ASCII runs.
    fn each_word_by_char(text: &str, mut f: impl FnMut(&str)) {
        let mut folded = String::new();
        let mut word = String::new();
        for c in text.chars() {
            push_char(c, &mut folded, &mut word, &mut f);
        }
        if !word.is_empty() {
            f(&word);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_tokenizer_equals_the_reference(
            text in "([a-zA-Z0-9' .,\n-]|’|é|ß|Æ|İ|Σ|𝔘|\\PC){0,40}"
        ) {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            each_word(&text, |w| fast.push(w.to_string()));
            each_word_by_char(&text, |w| slow.push(w.to_string()));
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
