//! What is already on disk: review folders, their themes and their recommendations' numbers.

use crate::diagnostics::Diagnostic;
use crate::load::document::{self, Document};
use crate::load::source;
use crate::load::yaml::Value;
use crate::model::{Number, Slug};
use std::path::{Path, PathBuf};

/// Review folder names under `content/`, sorted.
pub fn review_dirs(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| !crate::load::is_ignored_name(n))
        .collect();
    out.sort();
    out
}

/// "`a`, `b` and `c`" for hints.
pub fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// Markdown files of `dir` (relative to `root`), sorted, skipping editor and hidden files.
fn markdown_files(root: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            (name.ends_with(".md") && !crate::load::is_ignored_name(&name) && e.path().is_file())
                .then(|| dir.join(name))
        })
        .collect();
    out.sort();
    out
}

/// A recommendation file of a review, parsed as far as it goes.
pub struct ExistingRec {
    /// Relative to the site root.
    pub file: PathBuf,
    /// The `number` as written, when the file parses.
    pub number: Option<String>,
    pub parsed: Result<Document, Diagnostic>,
}

/// Every recommendation file of `review` (`content/<review>`).
pub fn recommendations(root: &Path, review: &Path) -> Vec<ExistingRec> {
    markdown_files(root, &review.join("recommendations"))
        .into_iter()
        .map(|file| {
            let parsed = match source::read(root, &file) {
                Ok(s) => document::parse(s, "recommendation"),
                Err(d) => Err(d),
            };
            let number = parsed.as_ref().ok().and_then(number_of);
            ExistingRec {
                file,
                number,
                parsed,
            }
        })
        .collect()
}

/// The `number` of a parsed recommendation, read the way the validator reads it.
pub fn number_of(doc: &Document) -> Option<String> {
    let Value::Map(entries) = &doc.front.value else {
        return None;
    };
    let (_, node) = entries.iter().find(|(k, _)| k == "number")?;
    match &node.value {
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Str(s) => Some(s.trim().to_string()),
        _ => None,
    }
}

/// Does `written` (a file's number) name the same recommendation as `wanted` (typed by a user)?
/// Equal whole numbers (`05` is `5`), or numbers that give one address (`sc19` is `SC19`, `3-2`
/// is `3.2`: `check` refuses two such numbers in a review).
pub fn same_number(written: &str, wanted: &str) -> bool {
    number_key(written) == number_key(wanted)
}

/// What [`same_number`] compares, to look numbers up rather than compare them one by one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NumberKey {
    Whole(u64),
    Text(String),
}

pub fn number_key(n: &str) -> NumberKey {
    let t = n.trim();
    match t.parse::<u64>() {
        Ok(x) => NumberKey::Whole(x),
        Err(_) => NumberKey::Text(Number::new(t).slug().as_str().to_string()),
    }
}

/// The next whole number after every number in use (`3.2` counts as 3).
pub fn next_number(numbers: impl IntoIterator<Item = String>) -> u64 {
    numbers
        .into_iter()
        .filter_map(|n| {
            let head: String = Number::new(&n)
                .text
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            head.parse::<u64>().ok()
        })
        .max()
        .map_or(1, |m| m.saturating_add(1))
}

/// The `date` of a review's `_review.md` (`content/<review>`), when it has a valid one.
pub fn review_date(root: &Path, review: &Path) -> Option<crate::model::PartialDate> {
    let source = source::read(root, &review.join("_review.md")).ok()?;
    let doc = document::parse(source, "review").ok()?;
    let Value::Map(entries) = &doc.front.value else {
        return None;
    };
    let (_, node) = entries.iter().find(|(k, _)| k == "date")?;
    match &node.value {
        Value::Str(s) => crate::model::PartialDate::parse(s).ok(),
        Value::Int(i) => crate::model::PartialDate::parse(&i.to_string()).ok(),
        _ => None,
    }
}

/// A theme of a review as found on disk.
#[derive(Debug, Clone)]
pub struct ExistingTheme {
    pub slug: String,
    pub title: Option<String>,
    pub order: Option<i64>,
}

/// Every theme file of `review` (`content/<review>`).
pub fn themes(root: &Path, review: &Path) -> Vec<ExistingTheme> {
    markdown_files(root, &review.join("themes"))
        .into_iter()
        .map(|file| {
            let slug = file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let doc = match source::read(root, &file) {
                Ok(s) => document::parse(s, "theme").ok(),
                Err(_) => None,
            };
            let field = |key: &str| -> Option<Value> {
                let Value::Map(m) = &doc.as_ref()?.front.value else {
                    return None;
                };
                m.iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, n)| n.value.clone())
            };
            let title = match field("title") {
                Some(Value::Str(s)) => Some(s),
                _ => None,
            };
            let order = match field("order") {
                Some(Value::Int(i)) => Some(i),
                _ => None,
            };
            ExistingTheme { slug, title, order }
        })
        .collect()
}

/// A file name for a recommendation: `04-borough-insight-magazine.md`.
pub fn recommendation_file_name(number: &str, title: &str) -> String {
    let n = Number::new(number);
    let num = match n.text.parse::<u64>() {
        Ok(i) => format!("{i:02}"),
        Err(_) => n.slug().to_string(),
    };
    let slug = Slug::from_text(title);
    let mut short = String::new();
    for word in slug.as_str().split('-') {
        if !short.is_empty() && short.len() + word.len() + 1 > 50 {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    format!("{num}-{short}.md")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_as_written_or_as_whole_numbers() {
        assert!(same_number("5", "05"));
        assert!(same_number("3.2", "3.2"));
        assert!(!same_number("3.2", "3.20"));
        assert!(!same_number("5", "6"));
        // Numbers that give one address are one number: `check` would refuse the second.
        assert!(same_number("SC19", "sc19"));
        assert!(same_number("3.2", "3-2"));
    }

    #[test]
    fn next_number_follows_the_largest() {
        assert_eq!(next_number(Vec::<String>::new()), 1);
        assert_eq!(next_number(["1".to_string(), "3.2".into(), "2".into()]), 4);
        assert_eq!(next_number(["x".to_string()]), 1);
    }

    #[test]
    fn file_names_are_numbered_and_short() {
        assert_eq!(
            recommendation_file_name("4", "The review in the Borough Insight magazine"),
            "04-the-review-in-the-borough-insight-magazine.md"
        );
        assert_eq!(recommendation_file_name("3.2", "A"), "3-2-a.md");
        assert!(recommendation_file_name("1", &"word ".repeat(40)).len() <= 60);
    }
}
