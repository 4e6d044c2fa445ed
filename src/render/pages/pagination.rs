//! Long lists continue on numbered pages.

use serde::Serialize;
use tera::Value;

/// How many items a list page holds before it continues on the next page. A page of 200 rows
/// is about 165 KB, 12 KB gzipped (a status list of the generated 1,000 site); at 50 rows a
/// page, the numbered pages of the site-wide lists were 8% of the files at 10,000.
pub const PAGE_SIZE: usize = 200;

pub(crate) fn pages_for(n: usize) -> usize {
    n.div_ceil(PAGE_SIZE).max(1)
}

/// `/x/` for page 0, `/x/page/2/` for page 1, …
pub(crate) fn page_url(base: &str, page: usize) -> String {
    if page == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", page + 1)
    }
}

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub(crate) number: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
    /// Stands for the pages left out between its neighbours (shown as "…"; no number or url).
    pub(crate) gap: bool,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) pages: Vec<PageLink>,
}

pub(crate) fn paginate(
    n: usize,
    page: usize,
    base: &str,
) -> (std::ops::Range<usize>, Option<Pagination>) {
    let total = pages_for(n);
    let start = (page * PAGE_SIZE).min(n);
    let end = (start + PAGE_SIZE).min(n);
    if total == 1 {
        return (start..end, None);
    }
    let p = Pagination {
        current: page + 1,
        total,
        prev: page.checked_sub(1).map(|p| page_url(base, p)),
        next: (page + 1 < total).then(|| page_url(base, page + 1)),
        pages: page_window(total, page)
            .into_iter()
            .map(|i| match i {
                Some(i) => PageLink {
                    number: i + 1,
                    url: page_url(base, i),
                    current: i == page,
                    gap: false,
                },
                None => PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    };
    (start..end, Some(p))
}

/// The page links a pager shows: the first and last page, and two either side of `page`
/// (0-based); `None` where pages are left out. A list of 50,000 stays a short row of links on
/// every page, not 1,000 links on each of 1,000 pages.
pub(crate) fn page_window(total: usize, page: usize) -> Vec<Option<usize>> {
    let near = |i: usize| i == 0 || i + 1 == total || i.abs_diff(page) <= 2;
    let mut out = Vec::new();
    let mut i = 0;
    while i < total {
        if near(i) {
            out.push(Some(i));
            i += 1;
            continue;
        }
        // A gap of one page shows that page instead of "…".
        let next = (i..total).find(|&j| near(j)).unwrap_or(total);
        if next - i == 1 {
            out.push(Some(i));
        } else {
            out.push(None);
        }
        i = next;
    }
    out
}

pub(crate) fn pagination_value(p: &Option<Pagination>) -> Value {
    match p {
        Some(p) => Value::from_serializable(p),
        None => Value::none(),
    }
}

pub(crate) fn page_title(title: String, p: &Option<Pagination>) -> String {
    match p {
        Some(p) if p.current > 1 => format!("{title} (page {} of {})", p.current, p.total),
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_show_the_ends_and_the_pages_near_the_current_one() {
        let shown = |total, page| -> String {
            page_window(total, page)
                .iter()
                .map(|p| p.map_or("…".to_string(), |i| (i + 1).to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(1, 0), "1");
        assert_eq!(shown(7, 0), "1 2 3 … 7");
        assert_eq!(shown(7, 3), "1 2 3 4 5 6 7");
        assert_eq!(shown(8, 5), "1 … 4 5 6 7 8");
        assert_eq!(shown(2000, 999), "1 … 998 999 1000 1001 1002 … 2000");
        assert_eq!(shown(2000, 1999), "1 … 1998 1999 2000");
        assert_eq!(shown(6, 2), "1 2 3 4 5 6");
        for total in 1..60 {
            for page in 0..total {
                let w = page_window(total, page);
                assert!(w.len() <= 9, "{total} {page}: {w:?}");
                assert!(
                    w.contains(&Some(page)) && w.contains(&Some(0)) && w.contains(&Some(total - 1))
                );
                let numbers: Vec<usize> = w.iter().flatten().copied().collect();
                assert!(numbers.windows(2).all(|p| p[0] < p[1]));
                assert!(
                    w.windows(2).all(|p| p[0].is_some() || p[1].is_some()),
                    "no two gaps in a row"
                );
            }
        }
    }
}
