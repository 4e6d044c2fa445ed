//! Splitting a spreadsheet cell that names several people into one name per person.
//!
//! Plans write several people in one cell in a few ways, and commas cannot be trusted (portfolio
//! names contain them: "Communities, Leisure and Arts"). The rules, in order:
//!
//! 1. Line breaks and semicolons always separate (`A; B` is how scrutiny's own export joins
//!    names). When a cell uses them, nothing else is split.
//! 2. A slash separates two portfolios or roles when the part after it starts with a capital:
//!    "Cabinet Member for Housing and Health/Communities, Leisure and Arts" is two people, and
//!    the role before the first portfolio ("Cabinet Member for ") carries over to the second:
//!    "Cabinet Member for Communities, Leisure and Arts".
//! 3. " and " separates two people only when the words after it start a job title or a person's
//!    title ("Head of …", "… Manager", "Director …", "Cabinet Member …", "Cllr …"), and the words
//!    before it are more than one word: "Community and Strategic Partnerships Manager and Head of
//!    Housing and Regulatory Services" is two officers, while "Cabinet Member for Housing and
//!    Health" and "Communities, Leisure and Arts" are one each.

/// Words that start a role or a person's title.
const ROLE_STARTS: &[&str] = &[
    "Head",
    "Manager",
    "Director",
    "Deputy",
    "Assistant",
    "Chief",
    "Cabinet Member",
    "Lead",
    "Leader",
    "Officer",
    "Interim",
    "Senior",
    "Principal",
    "Executive",
    "Strategic Director",
    "Portfolio Holder",
    "Chair",
    "Chairman",
    "Vice",
    "Mayor",
    "Councillor",
    "Cllr",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Team Leader",
    "Service Manager",
];

/// Phrases before a portfolio name that carry over to the next portfolio after a slash.
const ROLE_PREFIXES: &[&str] = &[
    "Cabinet Member for ",
    "Lead Member for ",
    "Portfolio Holder for ",
    "Cabinet Member - ",
    "Lead Cabinet Member for ",
];

/// One name per person, in the cell's order, without duplicates or empty names.
/// `explicit_only`: split only on line breaks and semicolons (scrutiny's own export).
pub fn split(cell: &str, explicit_only: bool) -> Vec<String> {
    let explicit: Vec<&str> = cell
        .split(['\n', ';'])
        .map(clean)
        .filter(|s| !s.is_empty())
        .collect();
    let parts: Vec<String> = if explicit_only || explicit.len() > 1 {
        explicit.iter().map(|s| s.to_string()).collect()
    } else {
        explicit
            .iter()
            .flat_map(|p| split_slashes(p))
            .flat_map(|p| split_and(&p))
            .collect()
    };
    // One person once, by the site's identity rule ("Head of Housing; HEAD OF HOUSING").
    let mut seen = std::collections::HashSet::new();
    parts
        .into_iter()
        .filter(|p| !p.is_empty() && seen.insert(crate::model::people::person_key(p)))
        .collect()
}

/// Trim spaces and list bullets.
fn clean(s: &str) -> &str {
    s.trim().trim_start_matches(['-', '•', '*', '·']).trim()
}

/// Split at each slash followed by a capital ("Housing/Communities"), not at "N/A" or "Officer/s".
fn split_slashes(s: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, c) in s.char_indices() {
        if c == '/' {
            let right = s[i + 1..].trim_start();
            let left_word = current.split_whitespace().last().unwrap_or("");
            let right_word = right.split_whitespace().next().unwrap_or("");
            // "N/A", "A/B testing": a slash inside a short token is not a separator.
            let inside_token = left_word.chars().count() <= 1
                || right_word.trim_end_matches([',', '.']).chars().count() <= 1;
            if !current.trim().is_empty()
                && !inside_token
                && right.chars().next().is_some_and(char::is_uppercase)
            {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
        }
        current.push(c);
    }
    parts.push(current.trim().to_string());
    carry_prefix(parts)
}

/// "Cabinet Member for A" / "B" → "Cabinet Member for B" when B has no role of its own.
fn carry_prefix(parts: Vec<String>) -> Vec<String> {
    let Some(prefix) = parts
        .first()
        .and_then(|f| ROLE_PREFIXES.iter().find(|p| f.starts_with(**p)))
    else {
        return parts;
    };
    parts
        .into_iter()
        .map(|p| {
            if starts_role(&p) || p.starts_with(prefix) {
                p
            } else {
                format!("{prefix}{p}")
            }
        })
        .collect()
}

fn starts_role(s: &str) -> bool {
    ROLE_STARTS.iter().any(|r| {
        s.strip_prefix(r)
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', ',', '.']))
    })
}

fn split_and(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(i) = s[search..].find(" and ").map(|i| i + search) {
        let left = s[start..i].trim();
        let right = s[i + 5..].trim_start();
        if left.split_whitespace().count() > 1 && starts_role(right) {
            parts.push(left.to_string());
            start = i + 5;
        }
        search = i + 5;
    }
    parts.push(s[start..].trim().to_string());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(cell: &str) -> Vec<String> {
        split(cell, false)
    }

    #[test]
    fn a_slash_between_portfolios_names_two_cabinet_members() {
        assert_eq!(
            s("Cabinet Member for Housing and Health/Communities, Leisure and Arts"),
            [
                "Cabinet Member for Housing and Health",
                "Cabinet Member for Communities, Leisure and Arts"
            ]
        );
        assert_eq!(
            s("Cabinet Member for Housing and Health/ Communities, Leisure and Arts"),
            [
                "Cabinet Member for Housing and Health",
                "Cabinet Member for Communities, Leisure and Arts"
            ]
        );
    }

    #[test]
    fn commas_and_ands_inside_a_portfolio_do_not_split() {
        assert_eq!(
            s("Communities, Leisure and Arts"),
            ["Communities, Leisure and Arts"]
        );
        assert_eq!(
            s("Cabinet Member for Housing and Health"),
            ["Cabinet Member for Housing and Health"]
        );
        assert_eq!(
            s("Head of Housing and Regulatory Services"),
            ["Head of Housing and Regulatory Services"]
        );
    }

    #[test]
    fn and_between_two_job_titles_names_two_officers() {
        assert_eq!(
            s("Community and Strategic Partnerships Manager and Head of Housing and Regulatory Services"),
            ["Community and Strategic Partnerships Manager", "Head of Housing and Regulatory Services"]
        );
        assert_eq!(
            s("Cllr Ann Smith and Cllr Bo Jones"),
            ["Cllr Ann Smith", "Cllr Bo Jones"]
        );
    }

    #[test]
    fn semicolons_and_lines_are_explicit_lists() {
        assert_eq!(s("A and Head of B; C/D"), ["A and Head of B", "C/D"]);
        assert_eq!(s("- One\n- Two\n"), ["One", "Two"]);
        assert_eq!(
            split("Housing and Health/Communities", true),
            ["Housing and Health/Communities"]
        );
    }

    #[test]
    fn slashes_that_are_not_separators_are_kept() {
        assert_eq!(s("N/A"), ["N/A"]);
        assert_eq!(
            s("Lead Officer/s for Parks/Leisure"),
            ["Lead Officer/s for Parks", "Leisure"]
        );
        assert_eq!(s(""), Vec::<String>::new());
        assert_eq!(s("A; A"), ["A"]);
        assert_eq!(s("Head of Housing; HEAD OF HOUSING."), ["Head of Housing"]);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_never_returns_empty_names(cell in "\\PC{0,80}", export in proptest::bool::ANY) {
            for name in split(&cell, export) {
                proptest::prop_assert!(!name.trim().is_empty());
            }
        }
    }
}
