//! What the publisher states about the site itself: its accessibility statement and the
//! licence of its content and open data (`site.yaml`'s `accessibility:` and `licence:`).

use super::PartialDate;

/// How far the site meets WCAG 2.2 AA, in the words of the model accessibility statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Compliance {
    #[default]
    Full,
    Partial,
    Not,
}

impl Compliance {
    pub const ALL: [Compliance; 3] = [Compliance::Full, Compliance::Partial, Compliance::Not];

    /// The `site.yaml` value.
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Full => "fully-compliant",
            Compliance::Partial => "partially-compliant",
            Compliance::Not => "not-compliant",
        }
    }

    /// As the statement says it: "This website is {label} with …".
    pub fn label(self) -> &'static str {
        match self {
            Compliance::Full => "fully compliant",
            Compliance::Partial => "partially compliant",
            Compliance::Not => "not compliant",
        }
    }

    /// `fully-compliant`, `fully compliant` and `Fully_Compliant` alike.
    pub fn parse(text: &str) -> Option<Compliance> {
        let key: String = text
            .trim()
            .chars()
            .map(|c| match c {
                ' ' | '_' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Compliance::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// `site.yaml`'s `accessibility:` mapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Accessibility {
    pub status: Compliance,
    /// When the statement was first prepared; not stated unless given.
    pub prepared: Option<PartialDate>,
    /// When it was last reviewed.
    pub reviewed: Option<PartialDate>,
    /// Content known not to meet the standard, one plain-text sentence each.
    pub known_issues: Vec<String>,
}

/// The licence the site's content and open data are published under.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Licence {
    pub name: String,
    pub url: String,
}

impl Default for Licence {
    /// The Open Government Licence, which UK public bodies publish their information under.
    fn default() -> Self {
        Licence {
            name: "Open Government Licence v3.0".into(),
            url: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
                .into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compliance_reads_the_statement_wording_too() {
        assert_eq!(
            Compliance::parse("Partially compliant"),
            Some(Compliance::Partial)
        );
        assert_eq!(Compliance::parse("not_compliant"), Some(Compliance::Not));
        assert_eq!(Compliance::parse("compliant"), None);
    }
}
