//! The search index: built from the typed model (never from HTML) into a few hundred small,
//! content-hashed files under `search/`, so a query downloads only what it needs.
//!
//! ```text
//! search/manifest.json    the only fixed name: version, fold table, stop words, field weights,
//!                         and the list of the other files
//! search/t-<hash>.bin     term shards: the sorted dictionary split by term range (~16 KB each),
//!                         front-coded terms, postings as varints (id gap, field flags)
//! search/c-<hash>-<n>.json card shards: title, number, URL, summary of documents n×per…;
//!                         one hash (of all card shards) in every name
//! search/f-<hash>.bin     facets: status, decision, overdue, review and theme of every document
//! search/n-<hash>.bin     names of reviews, themes and people (fetched only for those filters)
//! search/s-<hash>.bin     sort keys (last update), fetched only to sort by it
//! ```
//!
//! Documents are the recommendations in site order (review by review, by number), so a review is
//! a range of ids and "sort by number" is id order. People are filtered through pseudo-terms
//! `~<person-slug>` in the dictionary. The full specification, with the client's fetch plan, is
//! in `docs/search.md`; [`shard`] documents each byte layout next to its writer.

pub mod encode;
pub mod index;
pub mod shard;
pub mod text;

use crate::model::{Decision, RecRef, Site, Status};
use crate::urls::Urls;
use encode::hash_name;
use index::Term;
use rayon::prelude::*;
use shard::{Card, Facets, Names};

/// Version of the index format; the client refuses a manifest with another.
pub const VERSION: u32 = 3;

/// Sizes that shape the index (the defaults are what the benchmark measured).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Target size of a term shard, in bytes before compression.
    pub shard_bytes: usize,
    /// Documents per card shard.
    pub cards_per_shard: usize,
    /// Most postings kept for one term: a term in more documents keeps the best by field.
    pub cap: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            // With word positions a term takes more bytes: 22 KB keeps about as many terms in
            // a shard as 16 KB did without, so a misspelt word's neighbours are still in the
            // shard already fetched (three rounds, not four).
            shard_bytes: 22 * 1024,
            cards_per_shard: 24,
            cap: 4096,
        }
    }
}

/// Counts describing a built index, for the benchmark.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub docs: usize,
    pub terms: usize,
    pub postings: usize,
    pub capped_terms: usize,
    pub term_shards: usize,
    pub card_shards: usize,
}

/// The files of the index (paths relative to the site root) and what they hold.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: Stats,
}

/// Build the search index of `site` with the default settings.
pub fn build(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    build_with(site, urls, &Settings::default()).files
}

/// Build the search index of `site`.
pub fn build_with(site: &Site, urls: &Urls, settings: &Settings) -> Built {
    build_reusing(site, urls, settings, &|_| None, false).0
}

/// Build the index, taking each unchanged recommendation's text from `reuse` (the preview
/// keeps the texts of the previous build: extracting text from Markdown is the costly part).
/// Returns the texts too, by recommendation in site order.
pub fn build_reusing(
    site: &Site,
    urls: &Urls,
    settings: &Settings,
    reuse: &(dyn Fn(RecRef) -> Option<index::DocText> + Sync),
    keep_texts: bool,
) -> (Built, Vec<index::DocText>) {
    let (maps, cards, texts, positions) = read_documents(site, urls, reuse, keep_texts);
    let first_doc = first_docs(site);
    let mut terms = index::invert_runs(maps, settings.cap);
    terms.extend(person_terms(site, &first_doc));
    terms.par_sort_unstable_by(|a, b| a.text.cmp(&b.text));
    let mut stats = Stats {
        docs: cards.len(),
        terms: terms.len(),
        postings: terms.iter().map(|t| t.postings.len()).sum(),
        capped_terms: terms.iter().filter(|t| t.capped()).count(),
        ..Stats::default()
    };
    let (mut files, term_list) = term_shards(&terms, &positions, settings);
    drop(positions);
    stats.term_shards = term_list.len();
    drop(terms);

    // Each card shard is named by its own hash (shortened: its number is in the name too), so
    // a flag that appears one morning renames only the shards of the cards that show it.
    let per = settings.cards_per_shard.max(1);
    let card_files: Vec<Vec<u8>> = cards.par_chunks(per).map(shard::encode_cards).collect();
    stats.card_shards = card_files.len();
    let mut card_hashes = Vec::with_capacity(card_files.len());
    for (i, bytes) in card_files.into_iter().enumerate() {
        let hash = hash_name(&bytes)[..8].to_string();
        files.push((format!("search/c-{hash}-{i}.json"), bytes));
        card_hashes.push(hash);
    }
    let mut named = |prefix: &str, bytes: Vec<u8>| {
        let hash = hash_name(&bytes);
        files.push((format!("search/{prefix}-{hash}.bin"), bytes));
        hash
    };
    let facets_hash = named("f", shard::encode_facets(&facets(site, &first_doc)));
    let names_hash = named("n", shard::encode_names(&names(site)));
    let sort_hash = named("s", shard::encode_sort(&sort_keys(site)));

    let fold: serde_json::Map<String, serde_json::Value> = text::fold_table()
        .into_iter()
        .map(|(c, s)| (c.to_string(), s.into()))
        .collect();
    let manifest = serde_json::json!({
        "version": VERSION,
        "docs": stats.docs,
        "fields": index::FIELDS,
        "weights": index::WEIGHTS,
        "positioned": index::POSITIONED,
        "stop": text::STOP_WORDS,
        "fold": fold,
        "max_word": text::MAX_WORD,
        "cap": settings.cap,
        "terms": term_list,
        "cards": { "per": per, "count": stats.card_shards, "hashes": card_hashes },
        "facets": facets_hash,
        "names": names_hash,
        "sort": sort_hash,
    });
    files.push((
        "search/manifest.json".into(),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    ));
    (Built { files, stats }, texts)
}

/// Output files: path and bytes.
type Files = Vec<(String, Vec<u8>)>;

type Runs = (
    Vec<index::WordPostings>,
    Vec<Card>,
    Vec<index::DocText>,
    Vec<index::Positions>,
);

/// The flags a result shows, in the pages' words (the decision's gap is the pages' decision
/// column, not a flag): (style, phrase).
fn card_flags(
    site: &Site,
    review: &crate::model::Review,
    rec: &crate::model::Recommendation,
) -> Vec<(String, String)> {
    crate::model::flags::Flag::shown(rec, &site.config)
        .map(|f| (f.class().to_string(), f.phrase(rec, review)))
        .collect()
}

/// Every recommendation's text, inverted into word postings run by run, with its result card.
/// Each thread takes a run of documents: their text is made, inverted and (unless the caller
/// keeps the texts) dropped at once, so a large site never holds all of it.
fn read_documents(
    site: &Site,
    urls: &Urls,
    reuse: &(dyn Fn(RecRef) -> Option<index::DocText> + Sync),
    keep_texts: bool,
) -> Runs {
    let recs: Vec<(RecRef, &crate::model::Recommendation)> = site.all_recs().collect();
    let chunk = index::run_len(recs.len());
    type Run = (
        index::WordPostings,
        Vec<Card>,
        Vec<index::DocText>,
        Vec<index::Positions>,
    );
    let runs: Vec<Run> = recs
        .par_chunks(chunk)
        .enumerate()
        .map(|(c, run)| {
            let mut map = index::WordPostings::default();
            let (mut cards, mut texts) = (Vec::with_capacity(run.len()), Vec::new());
            let mut positions = Vec::with_capacity(run.len());
            for (i, (r, rec)) in run.iter().enumerate() {
                let review = &site.reviews[r.review];
                let text = reuse(*r).unwrap_or_else(|| index::doc_text(rec));
                index::add_doc(&mut map, (c * chunk + i) as u32, &text);
                positions.push(index::Positions::of(&text));
                cards.push(Card {
                    number: rec.number.text.clone(),
                    title: rec.title.clone(),
                    url: urls.rec(&review.slug, &rec.slug),
                    summary: shard::summary(&text.fields[1], shard::SUMMARY_CHARS),
                    updated: rec
                        .facts
                        .last_updated
                        .map(|d| d.human())
                        .unwrap_or_default(),
                    review: review.title.clone(),
                    flags: card_flags(site, review, rec),
                });
                if keep_texts {
                    texts.push(text);
                }
            }
            (map, cards, texts, positions)
        })
        .collect();
    let mut maps = Vec::with_capacity(runs.len());
    let (mut cards, mut texts) = (Vec::with_capacity(recs.len()), Vec::new());
    let mut positions = Vec::with_capacity(recs.len());
    for (m, c, t, p) in runs {
        maps.push(m);
        cards.extend(c);
        texts.extend(t);
        positions.extend(p);
    }
    (maps, cards, texts, positions)
}

/// The term shards (files named by their hash), and the manifest's list of each shard's
/// first term and hash.
fn term_shards(
    terms: &[Term],
    positions: &[index::Positions],
    settings: &Settings,
) -> (Files, Vec<(String, String)>) {
    let by_term = index::term_positions(terms, positions);
    let encoded: Vec<Vec<u8>> = terms
        .par_iter()
        .zip(&by_term)
        .map(|(t, list)| {
            let at = |id: u32, field: u8| {
                let start = list.partition_point(|e| (e.0, e.1) < (id, field));
                list[start..]
                    .iter()
                    .take_while(|e| e.0 == id && e.1 == field)
                    .map(|e| e.2)
                    .collect()
            };
            shard::encode_postings(&t.postings, &at)
        })
        .collect();
    let mut starts = shard::split(terms, &encoded, settings.shard_bytes);
    starts.push(terms.len());
    let bounds: Vec<(usize, usize)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
    let term_files: Vec<(String, String, Vec<u8>)> = bounds
        .par_iter()
        .map(|&(a, b)| {
            let pairs: Vec<(&Term, &[u8])> =
                (a..b).map(|i| (&terms[i], encoded[i].as_slice())).collect();
            let bytes = shard::encode_term_shard(&pairs);
            (terms[a].text.clone(), hash_name(&bytes), bytes)
        })
        .collect();
    let mut files = Vec::new();
    let mut term_list = Vec::new();
    for (first, hash, bytes) in term_files {
        files.push((format!("search/t-{hash}.bin"), bytes));
        term_list.push((first, hash));
    }
    (files, term_list)
}

/// The id of the first document of each review.
fn first_docs(site: &Site) -> Vec<u32> {
    let mut next = 0u32;
    site.reviews
        .iter()
        .map(|r| {
            let first = next;
            next += r.recommendations.len() as u32;
            first
        })
        .collect()
}

fn doc_id(first_doc: &[u32], r: RecRef) -> u32 {
    first_doc[r.review] + r.rec as u32
}

/// One pseudo-term `~<slug>` per person, listing what they own (any role).
fn person_terms(site: &Site, first_doc: &[u32]) -> Vec<Term> {
    site.people
        .iter()
        .map(|p| {
            let mut ids: Vec<u32> = p.owns.iter().map(|(r, _)| doc_id(first_doc, *r)).collect();
            ids.sort_unstable();
            ids.dedup();
            let postings: Vec<(u32, u8)> = ids.into_iter().map(|id| (id, index::PEOPLE)).collect();
            Term {
                words: Vec::new(),
                text: format!("~{}", p.slug),
                total: postings.len() as u32,
                postings,
            }
        })
        .collect()
}

fn position<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter().position(|y| y == x).unwrap_or(0) as u8
}

/// The facet columns.
fn facets(site: &Site, first_doc: &[u32]) -> Facets {
    let vocab = &site.config.vocabulary;
    let mut f = Facets {
        statuses: vocab
            .statuses
            .iter()
            .map(|(s, t)| (s.key().to_string(), t.label.clone()))
            .collect(),
        decisions: vocab
            .decisions
            .iter()
            .map(|(d, t)| (d.key().to_string(), t.label.clone()))
            .collect(),
        review_starts: first_doc.to_vec(),
        ..Facets::default()
    };
    for (r, rec) in site.all_recs() {
        let review = &site.reviews[r.review];
        let statuses: Vec<Status> = vocab.status_order().copied().collect();
        let decisions: Vec<Decision> = vocab.decision_order().copied().collect();
        let mut flags =
            position(&statuses, &rec.current_status()) | (position(&decisions, &rec.decision) << 3);
        if rec.facts.overdue {
            flags |= shard::OVERDUE;
        }
        if rec.facts.awaiting_response {
            flags |= shard::AWAITING;
        }
        f.flags.push(flags);
        let theme = rec
            .theme
            .as_ref()
            .and_then(|slug| review.themes.iter().position(|t| &t.slug == slug))
            .map_or(0, |i| (i + 1).min(255) as u8);
        f.theme.push(theme);
    }
    f
}

/// Names of reviews, themes and people, with the slugs used in search URLs.
fn names(site: &Site) -> Names {
    Names {
        reviews: site
            .reviews
            .iter()
            .map(|r| {
                let themes = r
                    .themes
                    .iter()
                    .map(|t| (t.slug.to_string(), t.title.clone()))
                    .collect();
                (r.slug.to_string(), r.title.clone(), themes)
            })
            .collect(),
        people: site
            .people
            .iter()
            .map(|p| (p.slug.to_string(), p.name.clone()))
            .collect(),
    }
}

/// Per document: 1 + days from 1970-01-01 to the end of its newest update, or 0.
fn sort_keys(site: &Site) -> Vec<u32> {
    let epoch = jiff::civil::date(1970, 1, 1);
    site.all_recs()
        .map(|(_, rec)| match rec.facts.last_updated {
            Some(d) => (d.end() - epoch).get_days().max(0) as u32 + 1,
            None => 0,
        })
        .collect()
}

#[cfg(test)]
mod tests;
