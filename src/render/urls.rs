//! Every address on the site, in one place. URLs are root-relative and include the path of
//! `base_url`, so the site works under a sub-path.

use crate::model::Slug;

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
        format!("{}{}", self.base, rest)
    }

    pub fn home(&self) -> String {
        self.base.clone()
    }
    pub fn review(&self, r: &Slug) -> String {
        self.at(&format!("{r}/"))
    }
    pub fn theme(&self, r: &Slug, t: &Slug) -> String {
        self.at(&format!("{r}/themes/{t}/"))
    }
    pub fn rec(&self, r: &Slug, n: &Slug) -> String {
        self.at(&format!("{r}/recommendations/{n}/"))
    }
    pub fn report(&self, r: &Slug) -> String {
        self.at(&format!("{r}/report/"))
    }
    pub fn review_status(&self, r: &Slug, status: &str) -> String {
        self.at(&format!("{r}/status/{status}/"))
    }
    pub fn status(&self, status: &str) -> String {
        self.at(&format!("status/{status}/"))
    }
    pub fn overdue(&self) -> String {
        self.at("overdue/")
    }
    pub fn awaiting(&self) -> String {
        self.at("awaiting-response/")
    }
    pub fn people(&self) -> String {
        self.at("people/")
    }
    pub fn person(&self, p: &Slug) -> String {
        self.at(&format!("people/{p}/"))
    }
    pub fn updates(&self) -> String {
        self.at("updates/")
    }
    pub fn search(&self) -> String {
        self.at("search/")
    }
    pub fn accessibility(&self) -> String {
        self.at("accessibility/")
    }
    /// The main navigation: (title, URL), in order.
    pub fn nav(&self) -> [(&'static str, String); 5] {
        [
            ("Home", self.home()),
            ("Updates", self.updates()),
            ("People", self.people()),
            ("Search", self.search()),
            ("Accessibility", self.accessibility()),
        ]
    }
    /// The navigation entry that page `url` lies under (not the home page, not the page
    /// itself): `/people/` for `/people/jane-smith/`. Worked out here once per page, not by
    /// a template test per entry.
    pub fn section(&self, url: &str) -> Option<String> {
        self.nav()
            .into_iter()
            .skip(1)
            .map(|(_, u)| u)
            .find(|u| u != url && url.starts_with(u.as_str()))
    }
    pub fn not_found(&self) -> String {
        self.at("404.html")
    }
    pub fn feed(&self) -> String {
        self.at("updates.xml")
    }
    pub fn review_feed(&self, r: &Slug) -> String {
        self.at(&format!("{r}/updates.xml"))
    }
    pub fn theme_feed(&self, r: &Slug, t: &Slug) -> String {
        self.at(&format!("{r}/themes/{t}/updates.xml"))
    }
    pub fn data_json(&self) -> String {
        self.at("data/recommendations.json")
    }
    pub fn data_csv(&self) -> String {
        self.at("data/recommendations.csv")
    }
    pub fn review_data_json(&self, r: &Slug) -> String {
        self.at(&format!("data/{r}.json"))
    }
    pub fn review_data_csv(&self, r: &Slug) -> String {
        self.at(&format!("data/{r}.csv"))
    }
    pub fn asset(&self, path: &str, hash: &str) -> String {
        if hash.is_empty() {
            self.at(path)
        } else {
            self.at(&format!("{path}?v={hash}"))
        }
    }
    pub fn sitemap(&self) -> String {
        self.at("sitemap.xml")
    }

    /// The absolute form of a root-relative URL from this struct.
    pub fn absolute(&self, url: &str) -> String {
        match url.strip_prefix(&self.base) {
            Some(rest) => format!("{}{}", self.absolute, rest),
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
