//! Every output address has exactly one owner. A review folder's name becomes the first
//! segment of its pages' addresses, beside the site's own pages (`search/`, `people/`,
//! `data/`…), and a theme file's name the last segment of its page: two sources that map to
//! one address, or a review that takes a site page's name, would overwrite each other's
//! files (and the open data) with nothing said. Each is an error naming both files.

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Review, Slug};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// Names a review folder may not take: the site's own pages and files today, and those that
/// planned pages will use (list pages, change history, the editor), so a site that is valid
/// now stays valid in later versions. Documented in docs/content-format.md.
pub const RESERVED: &[&str] = &[
    // Site pages and files of today.
    "404",
    "accessibility",
    "awaiting-response",
    "data",
    "overdue",
    "people",
    "recommendations",
    "search",
    "sitemap",
    "static",
    "status",
    "updates",
    // Kept for pages to come and for hosts' conventions.
    "about",
    "api",
    "assets",
    "changes",
    "closed",
    "edit",
    "editor",
    "favicon",
    "feeds",
    "history",
    "index",
    "lists",
    "no-decision",
    "no-target-date",
    "paused",
    "reports",
    "reviews",
    "robots",
    "stale",
    "themes",
    "well-known",
    "withdrawn",
];

/// Whether a review may not use this address.
pub fn reserved(slug: &Slug) -> bool {
    RESERVED.contains(&slug.as_str())
}

/// Reviews that take a reserved name or the address of an earlier review (folder order).
pub fn reviews(reviews: &[Arc<Review>], diags: &mut Diagnostics) {
    let mut owners: HashMap<&Slug, &Path> = HashMap::new();
    for review in reviews {
        let folder = review.file.parent().unwrap_or(&review.file);
        if reserved(&review.slug) {
            diags.push(
                Diagnostic::error(
                    folder,
                    Position::default(),
                    format!(
                        "the review folder's address `{}/` is one the site uses for its own pages",
                        review.slug
                    ),
                )
                .with_hint(format!(
                    "rename the folder (e.g. `{}-review`); reserved names are listed in docs/content-format.md",
                    review.slug
                )),
            );
            continue;
        }
        match owners.get(&review.slug) {
            Some(first) => diags.push(
                Diagnostic::error(
                    folder,
                    Position::default(),
                    format!(
                        "the review folder gives the same address `{}/` as {}",
                        review.slug,
                        first.display()
                    ),
                )
                .with_related(format!("first used by {}", first.display()))
                .with_hint("rename one of the two folders so their names differ by more than case and punctuation"),
            ),
            None => {
                owners.insert(&review.slug, folder);
            }
        }
    }
}

/// Themes of one review whose file names give one address.
pub fn themes(review: &Review, diags: &mut Diagnostics) {
    let mut owners: HashMap<&Slug, &Path> = HashMap::new();
    for theme in &review.themes {
        match owners.get(&theme.slug) {
            Some(first) => diags.push(
                Diagnostic::error(
                    &theme.file,
                    Position::default(),
                    format!(
                        "the theme file gives the same address `themes/{}/` as {}",
                        theme.slug,
                        first.display()
                    ),
                )
                .with_related(format!("first used by {}", first.display()))
                .with_hint("rename one of the two files so their names differ by more than case and punctuation"),
            ),
            None => {
                owners.insert(&theme.slug, &theme.file);
            }
        }
    }
}

/// Whether an earlier address can be published as a page of its own: segments of letters,
/// digits, `-`, `_` and `.` (not `.` or `..`), under the site's address.
pub fn alias_is_valid(alias: &str) -> bool {
    let path = alias.trim().trim_matches('/');
    !path.is_empty()
        && path.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        })
}

/// Earlier addresses (`aliases:`) that another page, or another alias, already has. An alias
/// under a review's own address may only be a recommendation address that is free (a
/// renumbered recommendation's old one): the review's report, lists and themes are its own.
pub fn aliases(reviews: &[Arc<Review>], diags: &mut Diagnostics) {
    let mut given: HashMap<String, String> = HashMap::new();
    for review in reviews {
        for rec in &review.recommendations {
            for (i, alias) in rec.aliases.iter().enumerate() {
                let path = alias.trim().trim_matches('/').to_string();
                let owner = page_owner(&path, reviews).or_else(|| given.get(&path).cloned());
                match owner {
                    Some(owner) => {
                        let (pos, line) = rec.alias_at.get(i).cloned().unwrap_or_default();
                        diags.push(
                            Diagnostic::error(&rec.file, pos, format!("the earlier address `{path}/` is already {owner}"))
                                .with_line(&line)
                                .with_hint("remove it from `aliases`: only an address nothing else uses can send readers on"),
                        );
                    }
                    None => {
                        given.insert(
                            path,
                            format!(
                                "an earlier address of recommendation {} of {}",
                                rec.number.text, review.title
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Which of the site's pages `path` is, if it is one (or could be one: a review's report,
/// lists and themes, and the site's own pages).
fn page_owner(path: &str, reviews: &[Arc<Review>]) -> Option<String> {
    let mut segs = path.split('/');
    let first = segs.next().unwrap_or("");
    let rest: Vec<&str> = segs.collect();
    let Some(review) = reviews.iter().find(|r| r.slug.as_str() == first) else {
        return RESERVED
            .contains(&first)
            .then(|| "one of the site's own pages".to_string());
    };
    match rest.as_slice() {
        [] => Some(format!("the page of the review {}", review.title)),
        ["recommendations", slug] => review
            .recommendations
            .iter()
            .find(|r| r.slug.as_str() == *slug)
            .map(|r| format!("recommendation {} of {}", r.number.text, review.title)),
        _ => Some(format!("one of the pages of the review {}", review.title)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_name_is_a_slug() {
        for name in RESERVED {
            assert_eq!(Slug::parse(name).as_ref().map(Slug::as_str), Some(*name));
        }
    }
}
