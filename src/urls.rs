//! Every address on the site, in one place. URLs are root-relative and include the path of
//! `base_url`, so the site works under a sub-path.

use crate::model::flags::Flag;
use crate::model::Slug;

/// The main navigation: title and path under the site's base.
const NAV: [(&str, &str); 5] = [
    ("Home", ""),
    ("Updates", "updates/"),
    ("People", "people/"),
    ("Search", "search/"),
    ("Accessibility", "accessibility/"),
];

#[derive(Debug, Clone)]
pub struct Urls {
    /// e.g. `/scrutiny/`
    base: String,
    /// e.g. `https://example.org/scrutiny/`
    absolute: String,
}

impl Urls {
    pub fn new(base_path: &str, base_url: &str) -> Urls {
        Urls {
            base: base_path.to_string(),
            absolute: base_url.to_string(),
        }
    }

    fn at(&self, rest: &str) -> String {
        self.cat(&[rest])
    }

    /// The base path followed by `parts` (built without `format!`: URLs are made for every
    /// link of every page).
    fn cat(&self, parts: &[&str]) -> String {
        let mut s =
            String::with_capacity(self.base.len() + parts.iter().map(|p| p.len()).sum::<usize>());
        s.push_str(&self.base);
        parts.iter().for_each(|p| s.push_str(p));
        s
    }

    pub fn home(&self) -> String {
        self.base.clone()
    }
    pub fn review(&self, r: &Slug) -> String {
        self.cat(&[r.as_str(), "/"])
    }
    pub fn theme(&self, r: &Slug, t: &Slug) -> String {
        self.cat(&[r.as_str(), "/themes/", t.as_str(), "/"])
    }
    pub fn rec(&self, r: &Slug, n: &Slug) -> String {
        self.cat(&[r.as_str(), "/recommendations/", n.as_str(), "/"])
    }
    pub fn report(&self, r: &Slug) -> String {
        self.cat(&[r.as_str(), "/report/"])
    }
    /// The committee report as a file (`csv`, `docx`), named after the review so that a
    /// download folder tells them apart.
    pub fn report_file(&self, r: &Slug, ext: &str) -> String {
        self.cat(&[r.as_str(), "/report/", r.as_str(), "-action-plan.", ext])
    }
    /// A review's "Recent changes" page (`history: git`).
    pub fn review_changes(&self, r: &Slug) -> String {
        self.cat(&[r.as_str(), "/changes/"])
    }
    /// Its Atom feed.
    pub fn review_changes_feed(&self, r: &Slug) -> String {
        self.cat(&[r.as_str(), "/changes/feed.xml"])
    }
    pub fn review_status(&self, r: &Slug, status: &str) -> String {
        self.cat(&[r.as_str(), "/status/", status, "/"])
    }
    pub fn status(&self, status: &str) -> String {
        self.cat(&["status/", status, "/"])
    }
    pub fn overdue(&self) -> String {
        self.flag(Flag::Overdue)
    }
    pub fn awaiting(&self) -> String {
        self.flag(Flag::Awaiting)
    }
    /// The site-wide list of recommendations carrying `flag`.
    /// The list of recommendations whose choice field `field` holds `choice`.
    pub fn choice(&self, field: &str, choice: &str) -> String {
        let slug = crate::model::Slug::from_text(choice);
        self.cat(&["lists/", &field.replace('_', "-"), "/", slug.as_str(), "/"])
    }
    /// An earlier address of a recommendation (`aliases:`), relative to the site.
    pub fn alias(&self, path: &str) -> String {
        let path = path.trim_matches('/');
        self.cat(&[path, "/"])
    }
    pub fn flag(&self, flag: Flag) -> String {
        self.cat(&[flag.key(), "/"])
    }
    /// A review's list of its recommendations carrying `flag`.
    pub fn review_flag(&self, r: &Slug, flag: Flag) -> String {
        self.cat(&[r.as_str(), "/", flag.key(), "/"])
    }
    pub fn people(&self) -> String {
        self.at("people/")
    }
    pub fn person(&self, p: &Slug) -> String {
        self.cat(&["people/", p.as_str(), "/"])
    }
    pub fn updates(&self) -> String {
        self.at("updates/")
    }
    pub fn search(&self) -> String {
        self.at("search/")
    }
    /// Every recommendation's title, by review: what works in place of search without
    /// JavaScript.
    pub fn all_recommendations(&self) -> String {
        self.at("search/all/")
    }
    pub fn accessibility(&self) -> String {
        self.at("accessibility/")
    }
    /// The main navigation: (title, URL), in order.
    pub fn nav(&self) -> [(&'static str, String); 5] {
        NAV.map(|(title, rest)| (title, self.at(rest)))
    }
    /// The navigation entry that page `url` lies under (not the home page, not the page
    /// itself): `/people/` for `/people/jane-smith/`. Worked out here once per page, not by
    /// a template test per entry.
    pub fn section(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(self.base.as_str())?;
        NAV[1..]
            .iter()
            .find(|(_, s)| rest.len() > s.len() && rest.starts_with(s))
            .map(|(_, s)| self.at(s))
    }
    pub fn not_found(&self) -> String {
        self.at("404.html")
    }
    /// The page that explains feeds and lists them (HTML; the feeds are XML).
    pub fn feeds_page(&self) -> String {
        self.at("feeds/")
    }
    pub fn feed(&self) -> String {
        self.at("updates.xml")
    }
    pub fn review_feed(&self, r: &Slug) -> String {
        self.cat(&[r.as_str(), "/updates.xml"])
    }
    pub fn theme_feed(&self, r: &Slug, t: &Slug) -> String {
        self.cat(&[r.as_str(), "/themes/", t.as_str(), "/updates.xml"])
    }
    pub fn data_json(&self) -> String {
        self.at("data/recommendations.json")
    }
    pub fn data_csv(&self) -> String {
        self.at("data/recommendations.csv")
    }
    pub fn review_data_json(&self, r: &Slug) -> String {
        self.cat(&["data/", r.as_str(), ".json"])
    }
    /// A review's change record as open data (`history: git`).
    pub fn review_changes_data(&self, r: &Slug) -> String {
        self.cat(&["data/changes/", r.as_str(), ".json"])
    }
    pub fn review_data_csv(&self, r: &Slug) -> String {
        self.cat(&["data/", r.as_str(), ".csv"])
    }
    pub fn asset(&self, path: &str, hash: &str) -> String {
        if hash.is_empty() {
            self.at(path)
        } else {
            self.cat(&[path, "?v=", hash])
        }
    }
    pub fn sitemap(&self) -> String {
        self.at("sitemap.xml")
    }

    /// The absolute form of a root-relative URL from this struct.
    pub fn absolute(&self, url: &str) -> String {
        match url.strip_prefix(&self.base) {
            Some(rest) => [self.absolute.as_str(), rest].concat(),
            None => url.to_string(),
        }
    }

    /// The output file for a URL: `/scrutiny/x/` → `x/index.html`.
    pub fn file_for(&self, url: &str) -> String {
        let rest = url
            .strip_prefix(&self.base)
            .unwrap_or(url)
            .split('?')
            .next()
            .unwrap_or("");
        if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_live_under_the_base_path() {
        let u = Urls::new("/scrutiny/", "https://x.org/scrutiny/");
        let r = Slug::from_text("safety");
        let n = Slug::from_text("3");
        let url = u.rec(&r, &n);
        assert_eq!(url, "/scrutiny/safety/recommendations/3/");
        assert_eq!(u.file_for(&url), "safety/recommendations/3/index.html");
        assert_eq!(
            u.absolute(&url),
            "https://x.org/scrutiny/safety/recommendations/3/"
        );
        assert_eq!(u.file_for(&u.home()), "index.html");
        assert_eq!(u.file_for(&u.feed()), "updates.xml");
    }
}
