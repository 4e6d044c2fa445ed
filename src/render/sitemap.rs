//! sitemap.xml from the rendered pages.

use super::put;
use crate::diagnostics::Diagnostics;
use crate::output::Sink;
use crate::text::escape::xml as xml_escape;

pub fn sitemap<'a>(absolute_urls: impl IntoIterator<Item = &'a str>) -> String {
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in absolute_urls {
        x.push_str("  <url><loc>");
        x.push_str(&xml_escape(u));
        x.push_str("</loc></url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// The sitemap phase: every page's canonical URL, sorted.
pub fn write_file(mut urls: Vec<String>, sink: &dyn Sink) -> Result<(), Diagnostics> {
    urls.sort();
    let xml = sitemap(urls.iter().map(String::as_str));
    put(sink, "sitemap.xml".into(), xml.into_bytes())
}
