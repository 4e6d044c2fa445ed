//! From the typed site to an inverted index in memory: each recommendation's text by field,
//! then every stemmed term with its postings (document id and field flags).

use super::text;
use crate::model::Recommendation;
use crate::text::markdown::to_text;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: a fast hasher for short words (the content is the site's own, so no flooding risk).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`Fnv`] hashing.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Field flags of a posting (a bit set): where in the recommendation the term occurs.
pub const TITLE: u8 = 1;
pub const RECOMMENDATION: u8 = 2;
pub const RESPONSE: u8 = 4;
pub const UPDATES: u8 = 8;
pub const PEOPLE: u8 = 16;

/// Field names in bit order, as written to the manifest.
pub const FIELDS: [&str; 5] = ["title", "recommendation", "response", "updates", "people"];

/// Relevance weight of a match in each field, in bit order (the client reads them from the
/// manifest, so ranking and capping agree).
pub const WEIGHTS: [f64; 5] = [10.0, 5.0, 2.0, 1.5, 6.0];

/// The sum of the weights of the fields in `flags`.
pub fn flag_weight(flags: u8) -> f64 {
    (0..5)
        .filter(|i| flags & (1 << i) != 0)
        .map(|i| WEIGHTS[i])
        .sum()
}

/// One recommendation's searchable text, by field (in bit order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocText {
    pub fields: [String; 5],
}

/// The text of a recommendation: its number and title; the committee's words; the response with
/// the financial impact and timetable; update notes with their links' titles; the people.
pub fn doc_text(rec: &Recommendation) -> DocText {
    doc_text_with(rec, &to_text)
}

/// `doc_text` with the Markdown → text conversion supplied (a render has the texts already).
pub fn doc_text_with(rec: &Recommendation, to_text: &dyn Fn(&str) -> String) -> DocText {
    let mut response = to_text(&rec.response.0);
    for extra in [&rec.financial_impact, &rec.timetable, &rec.withdrawn_reason]
        .into_iter()
        .flatten()
    {
        response.push(' ');
        response.push_str(extra);
    }
    // The site's own fields (a reference, a directorate, a priority) are found too.
    for (_, value) in rec.extra.iter() {
        if let crate::model::fields::ExtraValue::Text(t) = value {
            response.push(' ');
            response.push_str(t);
        }
    }
    let mut updates = String::new();
    for u in &rec.updates {
        updates.push_str(&to_text(&u.note.0));
        updates.push(' ');
        for l in &u.links {
            updates.push_str(&l.title);
            updates.push(' ');
        }
    }
    let people = rec
        .cabinet_members
        .iter()
        .chain(&rec.lead_officers)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    DocText {
        fields: [
            format!("{} {}", rec.number.text, rec.title),
            to_text(&rec.recommendation.0),
            response,
            updates,
            people,
        ],
    }
}

/// Fields whose word positions the index keeps: short texts in which two words side by side
/// make a phrase (the number and title, the committee's words, the people). Positions in the
/// long fields (response, updates) would more than double the index; the client checks
/// phrases there in the recommendation's page instead.
pub const POSITIONED: [u8; 3] = [0, 1, 4];

/// Where each word of a document's positioned fields occurs: the words (folded, not stemmed:
/// the dictionary knows which words make each stem) one after another in `text`, and for each
/// occurrence its start in `text`, length, field bit index and word position in the field
/// (counting every word), in field and word order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Positions {
    text: String,
    at: Vec<(u32, u8, u8, u16)>,
}

impl Positions {
    pub fn of(d: &DocText) -> Positions {
        let mut p = Positions::default();
        for field in POSITIONED {
            let mut n = 0u16;
            text::each_word(&d.fields[field as usize], |w| {
                if text::keep(w) {
                    p.at.push((p.text.len() as u32, w.len() as u8, field, n));
                    p.text.push_str(w);
                }
                n = n.saturating_add(1);
            });
        }
        p
    }

    /// Each occurrence: (word, field bit index, position).
    pub fn each(&self) -> impl Iterator<Item = (&str, u8, u16)> {
        self.at.iter().map(|e| {
            let start = e.0 as usize;
            (&self.text[start..start + e.1 as usize], e.2, e.3)
        })
    }
}

/// The positions of every term, by term index: (document id, field bit index, position),
/// sorted. Made in one pass over the documents' [`Positions`], through a map from each word
/// to the term (stem) it belongs to.
pub fn term_positions(terms: &[Term], docs: &[Positions]) -> Vec<Vec<(u32, u8, u16)>> {
    let mut word_term: FastMap<&str, u32> = FastMap::default();
    for (i, t) in terms.iter().enumerate() {
        for w in &t.words {
            word_term.insert(w, i as u32);
        }
    }
    let mut out: Vec<Vec<(u32, u8, u16)>> = vec![Vec::new(); terms.len()];
    for (id, p) in docs.iter().enumerate() {
        for (w, field, at) in p.each() {
            if let Some(&t) = word_term.get(w) {
                out[t as usize].push((id as u32, field, at));
            }
        }
    }
    // Documents come in id order; inside one, words of one stem may interleave.
    out.par_iter_mut().for_each(|l| l.sort_unstable());
    out
}

/// (document id, field flags) by increasing id.
pub type Postings = Vec<(u32, u8)>;

/// Postings of each folded word (not yet stemmed).
pub(crate) type WordPostings = FastMap<String, Postings>;

/// Add the words of document `id` (greater than any already added) to `map`.
pub(crate) fn add_doc(map: &mut WordPostings, id: u32, d: &DocText) {
    for (i, field) in d.fields.iter().enumerate() {
        let bit = 1u8 << i;
        text::each_word(field, |w| {
            if !text::keep(w) {
                return;
            }
            match map.get_mut(w) {
                Some(p) => match p.last_mut() {
                    Some(last) if last.0 == id => last.1 |= bit,
                    _ => p.push((id, bit)),
                },
                None => {
                    map.insert(w.to_string(), vec![(id, bit)]);
                }
            }
        });
    }
}

/// The distinct indexable words of a document (folded, not stemmed) with their field flags.
pub fn doc_words(d: &DocText) -> Vec<(String, u8)> {
    let mut map = WordPostings::default();
    add_doc(&mut map, 0, d);
    map.into_iter()
        .map(|(w, p)| (w, p.first().map_or(0, |x| x.1)))
        .collect()
}

/// A term of the dictionary with its postings, sorted by document id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// The words (folded, not stemmed) that make this term, for their positions.
    pub words: Vec<String>,
    /// (document id, field flags); at most the cap, the best by field weight.
    pub postings: Vec<(u32, u8)>,
    /// How many documents contain the term (more than `postings.len()` when capped).
    pub total: u32,
}

impl Term {
    pub fn capped(&self) -> bool {
        self.total as usize > self.postings.len()
    }
}

/// Keep the `cap` postings with the heaviest fields (ties: lower id), in id order.
/// `postings` are in id order, each id once.
///
/// A word in most documents has postings in the tens of thousands. Weights depend on the
/// flags alone, so the cut is found by counting postings per flag value, not by sorting them.
fn apply_cap(postings: &mut Vec<(u32, u8)>, cap: usize) {
    if postings.len() <= cap {
        return;
    }
    let weight: [f64; 256] = std::array::from_fn(|f| flag_weight(f as u8));
    let mut count = [0usize; 256];
    for p in postings.iter() {
        count[p.1 as usize] += 1;
    }
    let mut flags: Vec<usize> = (0..256).filter(|f| count[*f] > 0).collect();
    flags.sort_by(|a, b| weight[*b].total_cmp(&weight[*a]));
    // The lightest weight still kept (`cut`), and how many postings of that weight fit.
    let (mut before, mut cut, mut room) = (0, 0.0, 0);
    for group in flags.chunk_by(|a, b| weight[*a] == weight[*b]) {
        let c: usize = group.iter().map(|f| count[*f]).sum();
        if before + c >= cap {
            (cut, room) = (weight[group[0]], cap - before);
            break;
        }
        before += c;
    }
    postings.retain(|p| {
        let w = weight[p.1 as usize];
        if w > cut {
            true
        } else if w == cut && room > 0 {
            room -= 1;
            true
        } else {
            false
        }
    });
}

/// Invert every document (`docs[id]`) into stemmed terms, sorted by term. Words with the same
/// stem share one postings list (their flags are merged per document).
pub fn invert(docs: &[DocText], cap: usize) -> Vec<Term> {
    // Each thread inverts a run of documents; the runs are then joined in order.
    let chunk = run_len(docs.len());
    let maps: Vec<WordPostings> = docs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, run)| {
            let mut map = WordPostings::default();
            for (i, d) in run.iter().enumerate() {
                add_doc(&mut map, (c * chunk + i) as u32, d);
            }
            map
        })
        .collect();
    invert_runs(maps, cap)
}

/// How many of `n` documents one thread inverts at a time (a few runs per thread).
pub(crate) fn run_len(n: usize) -> usize {
    n.div_ceil(rayon::current_num_threads() * 4).max(64)
}

/// Join the word postings of consecutive runs of documents (in document order) into terms.
pub(crate) fn invert_runs(maps: Vec<WordPostings>, cap: usize) -> Vec<Term> {
    let mut maps = maps.into_iter();
    let mut by_word = maps.next().unwrap_or_default();
    for map in maps {
        for (w, p) in map {
            by_word.entry(w).or_default().extend(p);
        }
    }
    // (stem, word, postings)
    let mut stemmed: Vec<(String, String, Postings)> = by_word
        .into_par_iter()
        .map(|(w, p)| (text::stem(&w), w, p))
        .collect();
    stemmed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Group equal stems.
    type Group = (String, Vec<String>, Vec<Postings>);
    let mut groups: Vec<Group> = Vec::new();
    for (s, w, p) in stemmed {
        match groups.last_mut() {
            Some((last, words, lists)) if *last == s => {
                words.push(w);
                lists.push(p);
            }
            _ => groups.push((s, vec![w], vec![p])),
        }
    }
    groups
        .into_par_iter()
        .map(|(text, words, lists)| {
            let mut postings = merge(lists);
            let total = postings.len() as u32;
            apply_cap(&mut postings, cap);
            Term {
                text,
                words,
                postings,
                total,
            }
        })
        .collect()
}

/// Merge postings lists sorted by id, OR-ing the flags of equal ids.
fn merge(mut lists: Vec<Vec<(u32, u8)>>) -> Vec<(u32, u8)> {
    if lists.len() == 1 {
        return lists.pop().unwrap_or_default();
    }
    let mut all: Vec<(u32, u8)> = lists.into_iter().flatten().collect();
    all.sort_unstable_by_key(|p| p.0);
    let mut out: Vec<(u32, u8)> = Vec::with_capacity(all.len());
    for (id, f) in all {
        match out.last_mut() {
            Some(last) if last.0 == id => last.1 |= f,
            _ => out.push((id, f)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(fields: [&str; 5]) -> DocText {
        DocText {
            fields: fields.map(String::from),
        }
    }

    fn words(fields: [&str; 5]) -> Vec<(String, u8)> {
        doc_words(&doc(fields))
    }

    #[test]
    fn words_carry_the_fields_they_occur_in() {
        let mut w = words([
            "Youth Forum",
            "engage the youth",
            "",
            "forum met",
            "Siân Jones",
        ]);
        w.sort();
        assert_eq!(
            w,
            [
                ("engage".to_string(), RECOMMENDATION),
                ("forum".to_string(), TITLE | UPDATES),
                ("jones".to_string(), PEOPLE),
                ("met".to_string(), UPDATES),
                ("sian".to_string(), PEOPLE),
                ("youth".to_string(), TITLE | RECOMMENDATION),
            ]
        );
    }

    #[test]
    fn inflections_share_a_postings_list() {
        let docs = vec![
            doc(["engaging", "", "", "", ""]),
            doc(["", "engaged", "", "", ""]),
            doc(["", "", "engage engagement", "", ""]),
        ];
        let terms = invert(&docs, 100);
        let t: Vec<(&str, &[(u32, u8)])> = terms
            .iter()
            .map(|t| (t.text.as_str(), t.postings.as_slice()))
            .collect();
        assert_eq!(
            t,
            [
                (
                    "engag",
                    &[(0, TITLE), (1, RECOMMENDATION), (2, RESPONSE)][..]
                ),
                ("engagement", &[(2, RESPONSE)][..])
            ]
        );
    }

    #[test]
    fn cap_keeps_the_heaviest_fields() {
        let docs: Vec<_> = (0..10)
            .map(|i| {
                doc(if i == 7 {
                    ["police", "", "", "", ""]
                } else {
                    ["", "", "police", "", ""]
                })
            })
            .collect();
        let terms = invert(&docs, 3);
        assert_eq!(
            terms[0].postings,
            [(0, RESPONSE), (1, RESPONSE), (7, TITLE)]
        );
        assert_eq!(terms[0].total, 10);
        assert!(terms[0].capped());
    }

    /// The cap as first written: sort by weight (ties: id), cut, sort by id again.
    fn apply_cap_by_sorting(postings: &mut Vec<(u32, u8)>, cap: usize) {
        if postings.len() <= cap {
            return;
        }
        postings.sort_by(|a, b| {
            flag_weight(b.1)
                .total_cmp(&flag_weight(a.1))
                .then(a.0.cmp(&b.0))
        });
        postings.truncate(cap);
        postings.sort_unstable_by_key(|p| p.0);
    }

    proptest::proptest! {
        #[test]
        fn the_cap_keeps_what_sorting_would(
            flags in proptest::collection::vec(0u8..32, 0..300),
            gaps in proptest::collection::vec(1u32..4, 300),
            cap in 1usize..200,
        ) {
            let mut id = 0;
            let postings: Vec<(u32, u8)> = flags
                .iter()
                .zip(&gaps)
                .map(|(f, g)| {
                    id += g;
                    (id, *f)
                })
                .collect();
            let (mut fast, mut slow) = (postings.clone(), postings);
            apply_cap(&mut fast, cap);
            apply_cap_by_sorting(&mut slow, cap);
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
