//! sitemap.xml from the rendered pages.

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
