//! Rendered Markdown by source text, shared by the pages, the search index and the preview's next rebuild.

use crate::model::Site;
use crate::text::markdown;
use rayon::prelude::*;
use tera::Value;

/// Rendered Markdown, keyed by a hash of its source, kept between preview rebuilds.
// Keys are already hashes (aHash of the text): FxHash only mixes them.
pub type MarkdownCache = rustc_hash::FxHashMap<u64, Rendered>;

/// One Markdown text as HTML (a tera value, so every page that shows it shares one allocation)
/// and as plain text (page descriptions, the search index).
#[derive(Clone)]
pub struct Rendered {
    pub html: Value,
    pub text: std::sync::Arc<str>,
}

impl Rendered {
    fn of(md: &str) -> Rendered {
        let (html, text) = markdown::render(md);
        Rendered::new(&html, &text)
    }

    /// `html` as [`markdown::render`] made it, and its plain text (or the start of it).
    fn new(html: &str, text: &str) -> Rendered {
        Rendered {
            // Marked safe: made by scrutiny with raw HTML removed, so templates need no filter.
            html: Value::safe_string(html),
            text: text.into(),
        }
    }
}

/// The key of a text in the Markdown cache. Every page looks its texts up, so the hash must be
/// fast over kilobytes (aHash, about ten times SipHash's speed), and it must not collide
/// (64 bits of a keyed hash; fixed keys, as the cache lives in one process).
pub(crate) fn text_hash(text: &str) -> u64 {
    static KEYS: ahash::RandomState = ahash::RandomState::with_seeds(
        0x243f_6a88_85a3_08d3,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    );
    KEYS.hash_one(text)
}

/// Every Markdown text of the site.
pub(crate) fn site_texts(site: &Site) -> impl Iterator<Item = &str> {
    site.reviews.iter().flat_map(|review| {
        std::iter::once(review.introduction.0.as_str())
            .chain(review.themes.iter().map(|t| t.description.0.as_str()))
            .chain(review.recommendations.iter().flat_map(|r| {
                [r.recommendation.0.as_str(), r.response.0.as_str()]
                    .into_iter()
                    .chain(r.updates.iter().map(|u| u.note.0.as_str()))
            }))
    })
}

/// Drop texts the site no longer has once they outnumber the ones it has, so a long preview
/// session holds at most about twice the site's Markdown. (Checking costs a hash of every
/// text, so it is done only then.)
pub fn prune_markdown(site: &Site, cache: &mut MarkdownCache) {
    let count = site_texts(site).count();
    if cache.len() <= 2 * count + 1024 {
        return;
    }
    let current: std::collections::HashSet<u64> = site_texts(site).map(text_hash).collect();
    cache.retain(|h, _| current.contains(h));
}

/// Render every Markdown text of the site that is not in `cache` yet (in parallel).
/// `known(review)` says what of a review the cache holds already from the previous render:
/// everything (`Some(true)`), its own texts but not its recommendations' (`Some(false)`), or
/// nothing (`None`); those texts are not even hashed again.
/// `recommendations: false` leaves out the recommendations' own texts (a one-off build renders
/// those as its search index reads them: [`render_for_index`]).
pub fn fill_markdown(
    site: &Site,
    cache: &mut MarkdownCache,
    known: &dyn Fn(usize) -> Option<bool>,
    recommendations: bool,
) {
    let mut texts: Vec<&str> = Vec::new();
    for (ri, review) in site.reviews.iter().enumerate() {
        let known = known(ri);
        if known == Some(true) {
            continue;
        }
        if known.is_none() {
            texts.push(&review.introduction.0);
            texts.extend(review.themes.iter().map(|t| t.description.0.as_str()));
        }
        if !recommendations {
            continue;
        }
        for r in &review.recommendations {
            texts.push(&r.recommendation.0);
            texts.push(&r.response.0);
            texts.extend(r.updates.iter().map(|u| u.note.0.as_str()));
        }
    }
    let missing: Vec<(u64, &str)> = texts
        .into_iter()
        .map(|t| (text_hash(t), t))
        .filter(|(h, _)| !cache.contains_key(h))
        .collect();
    let rendered: Vec<(u64, Rendered)> = missing
        .into_par_iter()
        .map(|(h, t)| (h, Rendered::of(t)))
        .collect();
    cache.extend(rendered);
}

/// How much of a text's plain text a page description shows (in characters).
pub const DESCRIPTION_CHARS: usize = 200;

/// One Markdown text of a recommendation, for a one-off build's search index: its whole plain
/// text for the index, and its cache entry, which keeps the HTML and only the start of the
/// plain text that page descriptions show, so the whole plain text of every recommendation is
/// never held for the search index alone (docs/performance.md, "Measurements behind the code").
pub fn render_for_index(md: &str) -> (String, (u64, Rendered)) {
    let (html, text) = markdown::render(md);
    let start = match text.char_indices().nth(DESCRIPTION_CHARS) {
        Some((cut, _)) => &text[..cut],
        None => &text,
    };
    let entry = Rendered::new(&html, start);
    (text, (text_hash(md), entry))
}

/// Markdown as plain text, from the cache when it holds the text.
pub fn plain_text(cache: &MarkdownCache, md: &str) -> String {
    match cache.get(&text_hash(md)) {
        Some(r) => r.text.to_string(),
        None => markdown::to_text(md),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_of_texts_the_site_no_longer_has_is_dropped_once_it_outnumbers_the_rest() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (site, _) = crate::pipeline::check(root, jiff::civil::date(2026, 11, 26));
        let mut cache = MarkdownCache::default();
        fill_markdown(&site, &mut cache, &|_| None, true);
        let current = cache.len();
        assert!(current > 15, "the example's texts are in the cache");
        // A long session: texts edited away, fewer than twice the site's.
        let stale = |i: u64| (u64::MAX - i, Rendered::of("an old version"));
        cache.extend((0..100).map(stale));
        prune_markdown(&site, &mut cache);
        assert_eq!(cache.len(), current + 100, "a few stale texts are kept");
        // Many more: dropped, and every current text stays.
        cache.extend((0..5000).map(stale));
        prune_markdown(&site, &mut cache);
        assert_eq!(cache.len(), current);
        assert!(site_texts(&site).all(|t| cache.contains_key(&text_hash(t))));
    }
}
