//! `site.yaml`'s `vocabulary:`: the site's statuses and decisions. A mapping overrides the
//! default terms it names (labels, colours, done-ness); a list replaces the whole set with the
//! site's own, each term saying what it means; `decisions: none` is a tracker that records no
//! decisions. Every tag colour must give white text a contrast of at least 4.5:1.

use super::fields::Fields;
use crate::diagnostics::{Diagnostic, Position};
use crate::load::document::Document;
use crate::load::yaml::{Node, Value};
use crate::model::status::{intern, or_list};
use crate::model::vocabulary::MAX_TERMS;
use crate::model::{Answer, Decision, Progress, Slug, Status, Term, Vocabulary};

const VOCAB_KEYS: &[&str] = &["statuses", "decisions"];
const OVERRIDE_KEYS: &[&str] = &["label", "colour", "done", "means", "description"];
const TERM_KEYS: &[&str] = &["key", "label", "colour", "means", "description", "done"];

/// WCAG 2.2 AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;

pub fn vocabulary(doc: &Document, node: &Node, vocab: &mut Vocabulary) -> Vec<Diagnostic> {
    let mut f = Fields::new(doc, node, VOCAB_KEYS, "vocabulary");
    let statuses = f.node("statuses");
    let decisions = f.node("decisions");
    let no_decisions = f.has_key_at("decisions").is_some() && decisions.is_none();
    let mut diags = f.finish();
    let mut r = Reader {
        doc,
        diags: &mut diags,
    };
    if let Some(node) = statuses {
        r.statuses(node, vocab);
    }
    match decisions {
        Some(node) if is_none(node) => vocab.no_decisions(),
        Some(node) => r.decisions(node, vocab),
        None if no_decisions => vocab.no_decisions(),
        None => {}
    }
    diags
}

/// `decisions: none`, `decisions: []` or `decisions: false`: no decision column.
fn is_none(node: &Node) -> bool {
    match &node.value {
        Value::Str(s) => s.trim().eq_ignore_ascii_case("none"),
        Value::Bool(false) => true,
        Value::Seq(items) => items.is_empty(),
        _ => false,
    }
}

struct Reader<'a> {
    doc: &'a Document,
    diags: &'a mut Vec<Diagnostic>,
}

/// What one term says, before it becomes a status or a decision.
struct Said {
    key: String,
    key_pos: Position,
    label: Option<String>,
    colour: Option<(String, Position)>,
    means: Option<(String, Position)>,
    done: Option<bool>,
    description: Option<String>,
}

impl Reader<'_> {
    fn error(&mut self, pos: Position, msg: String, hint: String) {
        let d = Diagnostic::error(&self.doc.source.file, pos, msg).with_hint(hint);
        self.diags.push(self.doc.locate(d));
    }

    fn statuses(&mut self, node: &Node, vocab: &mut Vocabulary) {
        match &node.value {
            Value::Map(_) => {
                for said in self.overrides(node, "in-progress") {
                    let Some(s) = vocab.parse_status(&said.key).filter(|s| s.key() == said.key)
                    else {
                        let valid = or_list(vocab.status_keys());
                        self.error(said.key_pos, format!("unknown status `{}`", said.key),
                            format!("the default statuses are {valid}; to use your own set, write `statuses:` as a list (see docs/content-format.md)"));
                        continue;
                    };
                    let old = vocab.status(s).clone();
                    let means = self.progress(&said, Some(s.means()));
                    let term = self.term(&said, s.key(), &old.label, &old.colour, means.key(), means.ends_work(), old.description.clone());
                    let s = Status::new(s.key(), means);
                    if let Some(slot) = vocab.statuses.iter_mut().find(|(k, _)| *k == s) {
                        *slot = (s, term);
                    }
                }
            }
            Value::Seq(_) => {
                let mut terms = Vec::new();
                for said in self.list(node, "green") {
                    let means = self.progress(&said, None);
                    let key = intern(&said.key);
                    let term = self.term(&said, key, &said.key, default_status_colour(means), means.key(), means.ends_work(), None);
                    terms.push((Status::new(key, means), term));
                }
                if terms.len() > MAX_TERMS {
                    self.error(node.pos, format!("{} statuses is more than the {MAX_TERMS} a site can have", terms.len()), "merge statuses that mean the same; the label can say more".into());
                } else if terms.is_empty() {
                    self.error(node.pos, "the site has no statuses".into(), "list at least one status, e.g. `- { key: green, label: Green, means: done }`".into());
                } else {
                    vocab.set_statuses(terms);
                }
            }
            _ => self.error(node.pos, format!("`statuses` must be a mapping or a list, found {}", node.value.kind()),
                "override a default with `in-progress: { label: \"Under way\" }`, or list your own set".into()),
        }
    }

    fn decisions(&mut self, node: &Node, vocab: &mut Vocabulary) {
        match &node.value {
            Value::Map(_) => {
                for said in self.overrides(node, "accepted") {
                    let Some(d) = vocab.decisions.iter().map(|(d, _)| *d).find(|d| d.key() == said.key)
                    else {
                        let valid = or_list(vocab.decisions.iter().map(|(d, _)| d.key()));
                        self.error(said.key_pos, format!("unknown decision `{}`", said.key),
                            format!("the default decisions are {valid}; to use your own set, write `decisions:` as a list, or `decisions: none`"));
                        continue;
                    };
                    let old = vocab.decision(d).clone();
                    let means = self.answer(&said, Some(d.means()));
                    let term = self.term(&said, d.key(), &old.label, &old.colour, means.key(), false, old.description.clone());
                    let d = Decision::new(d.key(), means);
                    if let Some(slot) = vocab.decisions.iter_mut().find(|(k, _)| *k == d) {
                        *slot = (d, term);
                    }
                }
            }
            Value::Seq(_) => {
                let mut terms = Vec::new();
                for said in self.list(node, "agreed") {
                    let means = self.answer(&said, None);
                    let key = intern(&said.key);
                    let term = self.term(&said, key, &said.key, default_decision_colour(means), means.key(), false, None);
                    terms.push((Decision::new(key, means), term));
                }
                if terms.len() >= MAX_TERMS {
                    self.error(node.pos, format!("{} decisions is more than the {} a site can have", terms.len(), MAX_TERMS - 1), "merge decisions that mean the same; the label can say more".into());
                } else {
                    vocab.set_decisions(terms);
                }
            }
            _ => self.error(node.pos, format!("`decisions` must be a mapping, a list or `none`, found {}", node.value.kind()),
                "override a default with `accepted: { label: Agreed }`, list your own set, or write `decisions: none`".into()),
        }
    }

    /// The entries of the mapping form: `key: { label, colour, done, means, description }`.
    fn overrides(&mut self, node: &Node, example: &str) -> Vec<Said> {
        let Value::Map(entries) = &node.value else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, term) in entries {
            let mut tf = Fields::new(self.doc, term, OVERRIDE_KEYS, "vocabulary entry");
            let said = read(&mut tf, key.clone(), term.key_pos);
            self.diags.extend(tf.finish());
            if matches!(term.value, Value::Map(_)) {
                out.push(said);
            } else if !matches!(term.value, Value::Null) {
                self.error(
                    term.pos,
                    format!("`{key}` must be a mapping"),
                    format!("e.g. `{example}: {{ label: \"Under way\" }}`"),
                );
            }
        }
        out
    }

    /// The items of the list form: `- { key, label, means, colour, description }`.
    fn list(&mut self, node: &Node, example: &str) -> Vec<Said> {
        let Value::Seq(items) = &node.value else {
            return Vec::new();
        };
        let mut out: Vec<Said> = Vec::new();
        for item in items {
            let mut tf = Fields::new(self.doc, item, TERM_KEYS, "vocabulary entry");
            let key = tf.required_string("key", example);
            let key_pos = tf.key_pos("key");
            let said = key.map(|k| read(&mut tf, k.trim().to_string(), key_pos));
            self.diags.extend(tf.finish());
            let Some(said) = said else { continue };
            if Slug::parse(&said.key).is_none() {
                let slug = Slug::from_text(&said.key);
                self.error(said.key_pos, format!("`{}` cannot be part of a web address", said.key),
                    format!("keys are lower-case words joined by `-`, e.g. `{slug}` (the label can say anything)"));
                continue;
            }
            if out.iter().any(|o| o.key == said.key) {
                self.error(
                    said.key_pos,
                    format!("`{}` is listed twice", said.key),
                    "give each term its own key".into(),
                );
                continue;
            }
            if said.means.is_none() {
                self.error(
                    said.key_pos,
                    format!("`{}` does not say what it means", said.key),
                    format!(
                        "add `means:`, e.g. `means: done`; valid meanings are {}",
                        if example == "green" {
                            or_list(Progress::ALL.iter().map(|p| p.key()))
                        } else {
                            or_list(Answer::ALL.iter().map(|a| a.key()))
                        }
                    ),
                );
                continue;
            }
            out.push(said);
        }
        out
    }

    fn progress(&mut self, said: &Said, default: Option<Progress>) -> Progress {
        let by_done = said.done.map(|d| match (d, default) {
            (true, Some(p)) if p.ends_work() => p,
            (true, _) => Progress::Done,
            (false, Some(p)) if !p.ends_work() => p,
            (false, _) => Progress::Active,
        });
        let Some((text, pos)) = &said.means else {
            return by_done.or(default).unwrap_or(Progress::Active);
        };
        match Progress::ALL
            .iter()
            .find(|p| p.key().eq_ignore_ascii_case(text.trim()))
        {
            Some(p) => *p,
            None => {
                let hint = super::fields::one_of(
                    text,
                    Progress::ALL.iter().map(|p| p.key()).collect(),
                    "meanings of a status",
                );
                self.error(*pos, format!("unknown meaning `{text}`"), hint);
                default.unwrap_or(Progress::Active)
            }
        }
    }

    fn answer(&mut self, said: &Said, default: Option<Answer>) -> Answer {
        let Some((text, pos)) = &said.means else {
            return default.unwrap_or(Answer::Accepted);
        };
        match Answer::ALL
            .iter()
            .find(|a| a.key().eq_ignore_ascii_case(text.trim()))
        {
            Some(a) => *a,
            None => {
                let hint = super::fields::one_of(
                    text,
                    Answer::ALL.iter().map(|a| a.key()).collect(),
                    "meanings of a decision",
                );
                self.error(*pos, format!("unknown meaning `{text}`"), hint);
                default.unwrap_or(Answer::Accepted)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn term(
        &mut self,
        said: &Said,
        key: &'static str,
        label: &str,
        colour: &str,
        means: &'static str,
        done: bool,
        description: Option<String>,
    ) -> Term {
        let colour = match &said.colour {
            Some((c, pos)) => self
                .colour(c, *pos, said.label.as_deref().unwrap_or(label))
                .unwrap_or_else(|| colour.to_string()),
            None => colour.to_string(),
        };
        Term {
            key,
            label: said.label.clone().unwrap_or_else(|| label.to_string()),
            colour,
            done,
            means,
            description: said.description.clone().or(description),
        }
    }

    /// A `#rrggbb` colour that white text can be read on, or an error naming the pair.
    fn colour(&mut self, c: &str, pos: Position, label: &str) -> Option<String> {
        if !is_hex_colour(c) {
            self.error(
                pos,
                format!("`{c}` is not a colour"),
                "write a hex colour such as \"#1d70b8\" (quoted, as # starts a YAML comment)"
                    .into(),
            );
            return None;
        }
        let ratio = contrast(c, "#ffffff")?;
        if ratio < MIN_CONTRAST {
            self.error(pos, format!("white text on `{c}` (the “{label}” tag) has a contrast of {ratio:.2}:1, below the {MIN_CONTRAST}:1 that WCAG 2.2 AA requires"),
                "choose a darker colour: status is shown as white text on it".into());
            return None;
        }
        Some(c.to_string())
    }
}

fn read(tf: &mut Fields, key: String, key_pos: Position) -> Said {
    let colour = tf.string("colour").map(|c| (c, tf.key_pos("colour")));
    let means = tf.string("means").map(|m| (m, tf.key_pos("means")));
    Said {
        key,
        key_pos,
        label: tf.string("label").filter(|l| !l.trim().is_empty()),
        colour,
        means,
        done: tf.bool("done"),
        description: tf.string("description").filter(|d| !d.trim().is_empty()),
    }
}

fn default_status_colour(p: Progress) -> &'static str {
    match p {
        Progress::NotStarted => "#505a5f",
        Progress::Active => "#1d70b8",
        Progress::Ongoing => "#5c3f8f",
        Progress::Paused => "#594d00",
        Progress::Done => "#00703c",
        Progress::NotProceeding => "#6f2c1a",
    }
}

fn default_decision_colour(a: Answer) -> &'static str {
    match a {
        Answer::Accepted => "#00703c",
        Answer::PartlyAccepted => "#1d70b8",
        Answer::Noted => "#5c3f8f",
        Answer::Rejected => "#6f2c1a",
        Answer::Awaiting | Answer::NotRecorded => "#505a5f",
    }
}

pub fn is_hex_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The WCAG contrast ratio of two `#rrggbb` colours.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn luminance(hex: &str) -> Option<f64> {
    let channel = |i: usize| -> Option<f64> {
        let v = u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()? as f64 / 255.0;
        Some(if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(1)? + 0.7152 * channel(3)? + 0.0722 * channel(5)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag() {
        let white_on_black = contrast("#000000", "#ffffff").unwrap();
        assert!((white_on_black - 21.0).abs() < 0.01);
        for (s, _, c) in Status::DEFAULTS {
            assert!(
                contrast(c, "#ffffff").unwrap() >= MIN_CONTRAST,
                "{}",
                s.key()
            );
        }
        for p in Progress::ALL {
            assert!(contrast(default_status_colour(p), "#ffffff").unwrap() >= MIN_CONTRAST);
        }
        assert!(contrast("#ffbf47", "#ffffff").unwrap() < MIN_CONTRAST);
    }
}
