//! The files of the index: term shards, card shards, the facets file and the sort file, each
//! with its decoder (used by the tests and the benchmark; `search.js` decodes the same bytes).
//! The byte layouts are specified in `docs/search.md` and in the comments below.

use super::encode::{varint_len, Reader, Writer};
use super::index::{Term, POSITIONED};

/// Encode a postings list: one varint per posting, `(gap << 5) | flags`, where `gap` is the
/// id minus the previous id minus one (the first posting's previous id is −1). Each posting
/// with a positioned field ([`index::POSITIONED`]) in its flags is followed, for each such
/// field in bit order, by the number of positions and the positions (the first as it is, then
/// the differences). `positions(id, field)` gives them.
pub fn encode_postings(postings: &[(u32, u8)], positions: &dyn Fn(u32, u8) -> Vec<u16>) -> Vec<u8> {
    let mut w = Writer::new();
    let mut prev: i64 = -1;
    for &(id, flags) in postings {
        let gap = (i64::from(id) - prev - 1).max(0) as u64;
        w.varint((gap << 5) | u64::from(flags & 31));
        for field in POSITIONED {
            if flags & (1 << field) != 0 {
                let at = positions(id, field);
                w.varint(at.len() as u64);
                let mut last = 0u16;
                for p in at {
                    w.varint(u64::from(p - last.min(p)));
                    last = p;
                }
            }
        }
        prev = i64::from(id);
    }
    w.bytes
}

/// One decoded posting: document id, field flags, and the positions by field
/// (field bit index, word position).
pub type DecodedPosting = (u32, u8, Vec<(u8, u16)>);

/// Decode what [`encode_postings`] wrote.
pub fn decode_postings(bytes: &[u8]) -> Option<Vec<DecodedPosting>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    let mut prev: i64 = -1;
    while !r.at_end() {
        let v = r.varint()?;
        let id = prev + 1 + i64::try_from(v >> 5).ok()?;
        let flags = (v & 31) as u8;
        let mut at = Vec::new();
        for field in POSITIONED {
            if flags & (1 << field) != 0 {
                let n = r.varint()?;
                let mut p = 0u64;
                for _ in 0..n {
                    p += r.varint()?;
                    at.push((field, u16::try_from(p).ok()?));
                }
            }
        }
        out.push((u32::try_from(id).ok()?, flags, at));
        prev = id;
    }
    Some(out)
}

fn shared_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Never split a UTF-8 character.
    (0..=n).rev().find(|&i| b.is_char_boundary(i)).unwrap_or(0)
}

/// A term shard, version 1:
///
/// ```text
/// shard   := count:varint entry{count} postings{count}
/// entry   := shared:varint suffix:string stored:varint total:varint bytes:varint
/// ```
///
/// `shared` bytes of the previous term in this shard followed by `suffix` make the term (front
/// coding; the first term has `shared` = 0). `stored` postings follow, `bytes` long; `total` is
/// 0, or the number of documents containing the term when only the best `stored` were kept
/// (a capped common word). The postings blocks come after all entries, in the same order.
pub fn encode_term_shard(terms: &[(&Term, &[u8])]) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(terms.len() as u64);
    let mut prev = "";
    for (t, postings) in terms {
        let shared = shared_prefix(prev, &t.text);
        w.varint(shared as u64);
        w.string(&t.text[shared..]);
        w.varint(t.postings.len() as u64);
        w.varint(if t.capped() { u64::from(t.total) } else { 0 });
        w.varint(postings.len() as u64);
        prev = &t.text;
    }
    for (_, postings) in terms {
        w.raw(postings);
    }
    w.bytes
}

/// A decoded term shard entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedTerm {
    pub text: String,
    pub postings: Vec<(u32, u8)>,
    /// The positions of each posting (field bit index, word position).
    pub positions: Vec<Vec<(u8, u16)>>,
    /// Documents containing the term (equals `postings.len()` unless capped).
    pub total: u32,
}

/// Decode a term shard.
pub fn decode_term_shard(bytes: &[u8]) -> Option<Vec<DecodedTerm>> {
    let mut r = Reader::new(bytes);
    let n = usize::try_from(r.varint()?).ok()?;
    let mut heads = Vec::with_capacity(n.min(1 << 16));
    let mut prev = String::new();
    for _ in 0..n {
        let shared = usize::try_from(r.varint()?).ok()?;
        let suffix = r.string()?;
        let text = format!("{}{}", prev.get(..shared)?, suffix);
        let stored = r.varint()?;
        let total = r.varint()?;
        let len = usize::try_from(r.varint()?).ok()?;
        prev.clone_from(&text);
        heads.push((text, stored, total, len));
    }
    let mut out = Vec::with_capacity(heads.len());
    for (text, stored, total, len) in heads {
        let decoded = decode_postings(r.take(len)?)?;
        if decoded.len() as u64 != stored {
            return None;
        }
        let total = if total == 0 { stored } else { total };
        let (postings, positions) = decoded.into_iter().map(|(id, f, at)| ((id, f), at)).unzip();
        out.push(DecodedTerm {
            text,
            postings,
            positions,
            total: u32::try_from(total).ok()?,
        });
    }
    r.at_end().then_some(out)
}

/// About how many bytes a term takes in a shard (its entry and its postings).
fn cost(t: &Term, postings: &[u8]) -> usize {
    t.text.len()
        + 4
        + varint_len(postings.len() as u64)
        + varint_len(t.postings.len() as u64)
        + postings.len()
}

/// Split sorted terms into shards of about `target` bytes: a shard is closed before the term
/// that would take it past `target` (a single larger term gets a shard of its own). Returns
/// the index of the first term of every shard.
pub fn split(terms: &[Term], encoded: &[Vec<u8>], target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0usize;
    for (i, (t, p)) in terms.iter().zip(encoded).enumerate() {
        let cost = cost(t, p);
        if starts.is_empty() || (size > 0 && size + cost > target) {
            starts.push(i);
            size = 0;
        }
        size += cost;
    }
    starts
}

/// One result card, as the client shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Card {
    pub number: String,
    pub title: String,
    pub url: String,
    /// The start of the committee's words, at most [`SUMMARY_CHARS`] characters.
    pub summary: String,
    /// Human date of the newest update ("March 2024"), or "".
    pub updated: String,
    /// The review's title.
    pub review: String,
    /// The flags it carries, as the pages say them: (style, phrase), e.g. ("overdue",
    /// "Overdue since June 2023").
    pub flags: Vec<(String, String)>,
}

/// Length of a card's summary, in characters (cut at a word, with "…").
pub const SUMMARY_CHARS: usize = 140;

/// The first `max` characters of `text`, cut at a word boundary, with "…" when cut.
pub fn summary(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.', ' ']))
}

/// A card shard: a JSON array of `[number, title, url, summary, updated, review]` arrays, one
/// per document of the shard's id range, in id order.
pub fn encode_cards(cards: &[Card]) -> Vec<u8> {
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a str,
        &'a [(String, String)],
    );
    let rows: Vec<Row> = cards
        .iter()
        .map(|c| {
            (
                c.number.as_str(),
                c.title.as_str(),
                c.url.as_str(),
                c.summary.as_str(),
                c.updated.as_str(),
                c.review.as_str(),
                c.flags.as_slice(),
            )
        })
        .collect();
    // `<`, `>` and `&` escaped, as in every JSON file the site publishes.
    crate::text::escape::json(&rows).into_bytes()
}

/// Decode a card shard.
pub fn decode_cards(bytes: &[u8]) -> Option<Vec<Card>> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        Vec<(String, String)>,
    );
    let rows: Vec<Row> = serde_json::from_slice(bytes).ok()?;
    Some(
        rows.into_iter()
            .map(
                |(number, title, url, summary, updated, review, flags)| Card {
                    number,
                    title,
                    url,
                    summary,
                    updated,
                    review,
                    flags,
                },
            )
            .collect(),
    )
}

/// What filtering and counting need for every document: the facets file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// (key, label) in vocabulary order.
    pub statuses: Vec<(String, String)>,
    pub decisions: Vec<(String, String)>,
    /// The first document id of each review (documents are numbered review by review).
    pub review_starts: Vec<u32>,
    /// Per document: status index | decision index << 3 | overdue << 6 | awaiting response << 7
    /// (three bits each for the status and the decision: five of each by default).
    pub flags: Vec<u8>,
    /// Per document: 1 + the index of its theme among its review's themes, or 0.
    pub theme: Vec<u8>,
}

pub const OVERDUE: u8 = 1 << 6;
pub const AWAITING: u8 = 1 << 7;

/// The facets file, version 1:
///
/// ```text
/// facets   := docs:varint
///             statuses:varint (key:string label:string){statuses}
///             decisions:varint (key:string label:string){decisions}
///             reviews:varint first_doc_gap:varint{reviews}
///             flags:byte{docs} theme:byte{docs}
/// ```
///
/// `first_doc_gap` is the review's first document id minus the previous review's.
pub fn encode_facets(f: &Facets) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(f.flags.len() as u64);
    for list in [&f.statuses, &f.decisions] {
        w.varint(list.len() as u64);
        for (k, l) in list {
            w.string(k);
            w.string(l);
        }
    }
    w.varint(f.review_starts.len() as u64);
    let mut prev = 0;
    for &s in &f.review_starts {
        w.varint(u64::from(s.saturating_sub(prev)));
        prev = s;
    }
    w.raw(&f.flags);
    w.raw(&f.theme);
    w.bytes
}

fn pairs(r: &mut Reader) -> Option<Vec<(String, String)>> {
    let n = r.varint()?;
    (0..n).map(|_| Some((r.string()?, r.string()?))).collect()
}

/// Decode the facets file.
pub fn decode_facets(bytes: &[u8]) -> Option<Facets> {
    let mut r = Reader::new(bytes);
    let docs = usize::try_from(r.varint()?).ok()?;
    let statuses = pairs(&mut r)?;
    let decisions = pairs(&mut r)?;
    let mut prev = 0u32;
    let n = r.varint()?;
    let review_starts = (0..n)
        .map(|_| {
            prev = prev.checked_add(u32::try_from(r.varint()?).ok()?)?;
            Some(prev)
        })
        .collect::<Option<_>>()?;
    let flags = r.take(docs)?.to_vec();
    let theme = r.take(docs)?.to_vec();
    r.at_end().then_some(Facets {
        statuses,
        decisions,
        review_starts,
        flags,
        theme,
    })
}

/// A review's slug and title, and its themes' (slug, title).
pub type ReviewNames = (String, String, Vec<(String, String)>);

/// The names of reviews, their themes and people: only fetched to show or apply those filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// In site order.
    pub reviews: Vec<ReviewNames>,
    /// (slug, name), by name.
    pub people: Vec<(String, String)>,
}

/// The names file, version 1:
///
/// ```text
/// names  := reviews:varint (slug:string title:string themes:varint (slug:string title:string){themes}){reviews}
///           people:varint (slug:string name:string){people}
/// ```
pub fn encode_names(n: &Names) -> Vec<u8> {
    let mut w = Writer::new();
    w.varint(n.reviews.len() as u64);
    for (slug, title, themes) in &n.reviews {
        w.string(slug);
        w.string(title);
        w.varint(themes.len() as u64);
        for (s, t) in themes {
            w.string(s);
            w.string(t);
        }
    }
    w.varint(n.people.len() as u64);
    for (s, name) in &n.people {
        w.string(s);
        w.string(name);
    }
    w.bytes
}

/// Decode the names file.
pub fn decode_names(bytes: &[u8]) -> Option<Names> {
    let mut r = Reader::new(bytes);
    let n = r.varint()?;
    let reviews = (0..n)
        .map(|_| Some((r.string()?, r.string()?, pairs(&mut r)?)))
        .collect::<Option<_>>()?;
    let people = pairs(&mut r)?;
    r.at_end().then_some(Names { reviews, people })
}

/// The sort file: per document a varint, 1 + days from 1970-01-01 to the last day of its newest
/// update, or 0 when it has none. Only fetched when sorting by last update.
pub fn encode_sort(days: &[u32]) -> Vec<u8> {
    let mut w = Writer::new();
    for d in days {
        w.varint(u64::from(*d));
    }
    w.bytes
}

pub fn decode_sort(bytes: &[u8]) -> Option<Vec<u32>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    while !r.at_end() {
        out.push(u32::try_from(r.varint()?).ok()?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn postings_pack_gap_and_flags_in_one_byte_when_dense() {
        let none = |_, _| Vec::new();
        assert_eq!(
            encode_postings(&[(0, 4), (1, 8), (3, 4)], &none),
            [4, 8, 32 | 4]
        );
        // Title (bit 0) at 2 and 5, the committee's words (bit 1) at 0, people (bit 4) none.
        let at = |_, f| match f {
            0 => vec![2, 5],
            1 => vec![0],
            _ => vec![],
        };
        let bytes = encode_postings(&[(0, 1 | 2 | 16)], &at);
        assert_eq!(bytes, [19, 2, 2, 3, 1, 0, 0]);
        assert_eq!(
            decode_postings(&bytes),
            Some(vec![(0, 19, vec![(0, 2), (0, 5), (1, 0)])])
        );
    }

    #[test]
    fn summaries_cut_at_a_word() {
        assert_eq!(summary("short", 10), "short");
        assert_eq!(
            summary("To facilitate a Member representative engaging", 20),
            "To facilitate a…"
        );
    }

    #[test]
    fn facets_and_names_round_trip() {
        let f = Facets {
            statuses: vec![("in-progress".into(), "In progress".into())],
            decisions: vec![("accepted".into(), "Accepted".into())],
            review_starts: vec![0, 15, 40],
            flags: vec![0, OVERDUE, 1 | (2 << 3)],
            theme: vec![1, 0, 1],
        };
        assert_eq!(decode_facets(&encode_facets(&f)), Some(f));
        let n = Names {
            reviews: vec![(
                "safety".into(),
                "Safety".into(),
                vec![("member-engagement".into(), "Member engagement".into())],
            )],
            people: vec![("sian-jones".into(), "Siân Jones".into())],
        };
        assert_eq!(decode_names(&encode_names(&n)), Some(n));
    }

    proptest! {
        #[test]
        fn term_shards_round_trip(
            mut words in proptest::collection::btree_set("[a-zé~]{1,12}", 1..40),
            ids in proptest::collection::vec((0u32..5000, 0u8..32), 0..60),
        ) {
            let mut postings: Vec<(u32, u8)> = ids;
            postings.sort_by_key(|p| p.0);
            postings.dedup_by_key(|p| p.0);
            let terms: Vec<Term> = std::mem::take(&mut words)
                .into_iter()
                .enumerate()
                .map(|(i, text)| {
                    let p: Vec<(u32, u8)> = postings.iter().copied().skip(i % 3).collect();
                    let total = p.len() as u32 + (i % 2) as u32 * 7;
                    Term { text, words: vec![], postings: p, total }
                })
                .collect();
            let at = |id: u32, f: u8| (0..(id % 3) as u16).map(|k| k * 3 + u16::from(f)).collect();
            let encoded: Vec<Vec<u8>> = terms.iter().map(|t| encode_postings(&t.postings, &at)).collect();
            let pairs: Vec<(&Term, &[u8])> = terms.iter().zip(&encoded).map(|(t, e)| (t, e.as_slice())).collect();
            let decoded = decode_term_shard(&encode_term_shard(&pairs)).expect("decodes");
            prop_assert_eq!(decoded.len(), terms.len());
            for (d, t) in decoded.iter().zip(&terms) {
                prop_assert_eq!(&d.text, &t.text);
                prop_assert_eq!(&d.postings, &t.postings);
                for (p, at) in t.postings.iter().zip(&d.positions) {
                    let want: Vec<(u8, u16)> = POSITIONED
                        .iter()
                        .filter(|f| p.1 & (1 << **f) != 0)
                        .flat_map(|f| (0..(p.0 % 3) as u16).map(move |k| (*f, k * 3 + u16::from(*f))))
                        .collect();
                    prop_assert_eq!(at, &want);
                }
                prop_assert_eq!(d.total, t.total);
            }
        }

        #[test]
        fn split_respects_the_target(sizes in proptest::collection::vec(1usize..3000, 1..80)) {
            let terms: Vec<Term> = sizes.iter().enumerate().map(|(i, _)| Term { text: format!("t{i:03}"), words: vec![], postings: vec![], total: 0 }).collect();
            let encoded: Vec<Vec<u8>> = sizes.iter().map(|n| vec![0u8; *n]).collect();
            let starts = split(&terms, &encoded, 4096);
            prop_assert_eq!(starts[0], 0);
            let mut bounds = starts.clone();
            bounds.push(terms.len());
            for w in bounds.windows(2) {
                prop_assert!(w[0] < w[1]);
                let size: usize = (w[0]..w[1]).map(|i| cost(&terms[i], &encoded[i])).sum();
                prop_assert!(w[1] - w[0] == 1 || size <= 4096);
            }
        }
    }
}
