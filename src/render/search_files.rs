//! The search phase: the search index's files, from each recommendation's plain text.

use super::incremental::Previous;
use super::put;
use super::view::{self, MarkdownCache};
use crate::diagnostics::Diagnostics;
use crate::model::{RecRef, Site};
use crate::output::Sink;
use crate::search::index::{doc_text_with, DocText};
use crate::urls::Urls;

/// A one-off build makes the search index first, rendering each recommendation's Markdown as
/// the index reads it: the index takes the whole plain text, and `markdown` keeps the HTML and
/// the start of the text that page descriptions show, so the plain text of the whole site is
/// never held at once.
pub fn write_rendering(
    site: &Site,
    urls: &Urls,
    markdown: &mut MarkdownCache,
    sink: &dyn Sink,
) -> Result<(), Diagnostics> {
    let rendered = std::sync::Mutex::new(Vec::new());
    let text_of = |r: RecRef| {
        let entries = std::cell::RefCell::new(Vec::new());
        let doc = doc_text_with(site.rec(r), &|md| {
            let (text, entry) = view::render_for_index(md);
            entries.borrow_mut().push(entry);
            text
        });
        if let Ok(mut all) = rendered.lock() {
            all.extend(entries.into_inner());
        }
        Some(doc)
    };
    write(site, urls, markdown, &text_of, false, sink)?;
    markdown.extend(rendered.into_inner().unwrap_or_default());
    Ok(())
}

/// The preview's search index, after the pages: unchanged recommendations keep last time's
/// text, the others are made from the Markdown cache. Returns every text, in site order, for
/// the next rebuild.
pub fn write_reusing(
    site: &Site,
    urls: &Urls,
    markdown: &MarkdownCache,
    previous: &Previous,
    sink: &dyn Sink,
) -> Result<Vec<DocText>, Diagnostics> {
    write(site, urls, markdown, &|r| previous.text(r), true, sink)
}

/// Make the index and write its files. Each recommendation's text is `reuse`d when that hands
/// one back, else made from the plain text the Markdown cache holds (one Markdown parse per
/// text). Returns the texts when `keep` is set.
fn write(
    site: &Site,
    urls: &Urls,
    markdown: &MarkdownCache,
    reuse: &(dyn Fn(RecRef) -> Option<DocText> + Sync),
    keep: bool,
    sink: &dyn Sink,
) -> Result<Vec<DocText>, Diagnostics> {
    let text = |r: RecRef| {
        reuse(r).or_else(|| {
            Some(doc_text_with(site.rec(r), &|md| {
                view::plain_text(markdown, md)
            }))
        })
    };
    let settings = crate::search::Settings::default();
    let (index, texts) = crate::search::build_reusing(site, urls, &settings, &text, keep);
    for (path, bytes) in index.files {
        put(sink, path, bytes)?;
    }
    Ok(texts)
}
