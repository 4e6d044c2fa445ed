//! URL-safe slugs derived from names and file names.

use std::fmt;

/// A lowercase, hyphen-separated, ASCII path segment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Slugify any text: letters and digits kept (accents folded), everything else a hyphen.
    pub fn from_text(text: &str) -> Slug {
        let mut out = String::with_capacity(text.len());
        let mut hyphen = false;
        for c in text.chars() {
            let folded = fold(c);
            for f in folded.chars() {
                if f.is_ascii_alphanumeric() {
                    if hyphen && !out.is_empty() {
                        out.push('-');
                    }
                    hyphen = false;
                    out.push(f.to_ascii_lowercase());
                } else {
                    hyphen = true;
                }
            }
        }
        if out.is_empty() {
            out.push_str("untitled");
        }
        if out.len() > 80 {
            let cut = out[..80].trim_end_matches('-').to_string();
            out = cut;
        }
        Slug(out)
    }

    /// Accept a slug as written (e.g. `theme: public-realm`) only if it is already a slug.
    pub fn parse(s: &str) -> Option<Slug> {
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-');
        ok.then(|| Slug(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A distinct slug when `self` is taken: `name-2`, `name-3`, …
    pub fn with_suffix(&self, n: usize) -> Slug {
        Slug(format!("{}-{n}", self.0))
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Fold common Latin accents so "Siân" becomes "sian".
pub fn fold(c: char) -> String {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => {
            "a"
        }
        'ç' | 'Ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => {
            "o"
        }
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => "u",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ŷ' => "y",
        'ŵ' | 'Ŵ' => "w",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        '’' | '\'' => "",
        _ => return c.to_string(),
    };
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn slugifies_names() {
        assert_eq!(
            Slug::from_text("Cabinet Member for Housing and Health").as_str(),
            "cabinet-member-for-housing-and-health"
        );
        assert_eq!(Slug::from_text("Siân O’Neill").as_str(), "sian-oneill");
        assert_eq!(Slug::from_text("!!!").as_str(), "untitled");
    }

    proptest! {
        #[test]
        fn slugs_are_url_safe_and_stable(s in "\\PC{0,120}") {
            let slug = Slug::from_text(&s);
            prop_assert!(Slug::parse(slug.as_str()).is_some(), "{:?}", slug);
            prop_assert!(slug.as_str().len() <= 80);
            prop_assert_eq!(Slug::from_text(slug.as_str()), slug);
        }
    }
}
