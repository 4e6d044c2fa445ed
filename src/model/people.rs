//! People: everyone named as a cabinet member or lead officer, and when two names are one person.
//!
//! One rule decides it, [`person_key`]: names equal after ignoring case, surrounding spaces and
//! trailing punctuation are one person ("Head of Housing", "HEAD OF HOUSING!"); any other two
//! names are two people, and never share a page. Each person's address is their name in Latin
//! letters (any script is transliterated: "王小明" is `wang-xiao-ming`), bounded in length; two
//! people whose addresses would still be the same are told apart by a suffix (`-2`, `-3`, …)
//! given in the order of their names, so it never depends on the order of the files.

use super::{Person, RecRef, Role, Site, Slug};
use rustc_hash::FxHashMap;
use std::path::PathBuf;

/// The identity of a name: two names are one person exactly when their keys are equal.
/// Case, surrounding spaces and trailing punctuation are ignored; a name that is nothing but
/// punctuation keeps it (so "?" and "-" stay two names).
pub fn person_key(name: &str) -> String {
    let trimmed = name.trim();
    let core = trimmed.trim_end_matches(|c: char| is_punctuation(c) || c.is_whitespace());
    if core.is_empty() { trimmed } else { core }.to_lowercase()
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '。' | '、'
                | '，'
                | '．'
                | '！'
                | '？'
                | '…'
                | '·'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '«'
                | '»'
                | '–'
                | '—'
                | '¡'
                | '¿'
        )
}

/// A person's address before clashes are settled: the name transliterated into Latin letters,
/// then slugged (and so at most 80 characters).
fn base_slug(key: &str) -> Slug {
    Slug::from_text(&deunicode::deunicode_with_tofu(key, " "))
}

/// How many files a merge warning names for each spelling before "and N more".
const FILES_SHOWN: usize = 3;

/// One way a name is written, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Spelling {
    pub text: String,
    /// How many times it is written (each recommendation and role once).
    pub uses: usize,
    /// The first few files it is written in, in site order.
    pub files: Vec<PathBuf>,
    /// How many more files it is written in.
    pub more_files: usize,
}

/// A person whose name is written in more than one way.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The spelling the site shows.
    pub shown: String,
    /// Every spelling (including the one shown), by most uses.
    pub spellings: Vec<Spelling>,
}

/// Everyone named on a site's recommendations.
#[derive(Debug, Default)]
pub struct Gathered {
    /// In the order of their names.
    pub people: Vec<Person>,
    /// Each name as written → its person in `people`.
    pub by_name: FxHashMap<String, usize>,
    /// The people written in more than one way (each one is a `check` warning).
    pub merged: Vec<Merged>,
}

/// Every person named on `site`'s recommendations, with what they own.
pub fn gather(site: &Site) -> Gathered {
    // Each distinct spelling once: the same names recur on thousands of recommendations.
    let mut spelling_of: FxHashMap<&str, usize> = FxHashMap::default();
    let mut spellings: Vec<Spelling> = Vec::new();
    // The recommendation each spelling was last seen on, to count each file once.
    let mut last: Vec<RecRef> = Vec::new();
    for (r, rec) in site.all_recs() {
        for (name, _) in named(rec) {
            let i = *spelling_of.entry(name).or_insert_with(|| {
                spellings.push(Spelling {
                    text: name.to_string(),
                    uses: 0,
                    files: Vec::new(),
                    more_files: 0,
                });
                last.push(r);
                spellings.len() - 1
            });
            let s = &mut spellings[i];
            s.uses += 1;
            if s.uses > 1 && last[i] == r {
                continue;
            }
            last[i] = r;
            if s.files.len() < FILES_SHOWN {
                s.files.push(rec.file.clone());
            } else {
                s.more_files += 1;
            }
        }
    }
    // A renamed role's new name has a page even before anything names it.
    for (old, new) in &site.config.renamed_roles {
        let old_named = spellings
            .iter()
            .any(|s| person_key(&s.text) == person_key(old));
        let new_named = spellings
            .iter()
            .any(|s| person_key(&s.text) == person_key(new));
        if old_named && !new_named {
            spellings.push(Spelling {
                text: new.clone(),
                uses: 0,
                files: Vec::new(),
                more_files: 0,
            });
        }
    }
    let mut groups: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, s) in spellings.iter().enumerate() {
        groups.entry(person_key(&s.text)).or_default().push(i);
    }
    let mut groups: Vec<(String, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let slugs = settle_slugs(groups.iter().map(|(key, _)| base_slug(key)).collect());

    let mut out = Gathered::default();
    for ((_, members), slug) in groups.into_iter().zip(slugs) {
        let mut members: Vec<Spelling> = members.iter().map(|i| spellings[*i].clone()).collect();
        members.sort_by(|a, b| {
            (b.uses, is_clean(&b.text))
                .cmp(&(a.uses, is_clean(&a.text)))
                .then_with(|| a.text.cmp(&b.text))
        });
        let shown = members[0].text.trim().to_string();
        let index = out.people.len();
        for s in &members {
            out.by_name.insert(s.text.clone(), index);
        }
        let mut all: Vec<String> = members.iter().map(|s| s.text.clone()).collect();
        all.sort();
        if members.len() > 1 {
            out.merged.push(Merged {
                shown: shown.clone(),
                spellings: members,
            });
        }
        out.people.push(Person {
            slug,
            name: shown,
            spellings: all,
            owns: Vec::new(),
            renamed_to: None,
            formerly: Vec::new(),
        });
    }
    for (r, rec) in site.all_recs() {
        for (name, role) in named(rec) {
            let Some(&i) = out.by_name.get(name) else {
                continue;
            };
            let owns: &mut Vec<(RecRef, Role)> = &mut out.people[i].owns;
            // One person named twice on a recommendation: its entries are the last two at most.
            if !owns.iter().rev().take(2).any(|o| *o == (r, role)) {
                owns.push((r, role));
            }
        }
    }
    renamed(site, &mut out);
    out
}

/// Roles renamed in site.yaml: the old name's records stay under it, its page says what the
/// role is called now, and the new role's page lists the old name's recommendations too.
fn renamed(site: &Site, out: &mut Gathered) {
    let find = |out: &Gathered, name: &str| {
        let key = person_key(name);
        out.people.iter().position(|p| person_key(&p.name) == key)
    };
    for (old, new) in &site.config.renamed_roles {
        let (Some(o), Some(n)) = (find(out, old), find(out, new)) else {
            continue;
        };
        if o == n {
            continue;
        }
        out.people[o].renamed_to = Some(n);
        if !out.people[n].formerly.contains(&o) {
            out.people[n].formerly.push(o);
        }
        let moved = out.people[o].owns.clone();
        let owns = &mut out.people[n].owns;
        owns.extend(moved);
        owns.sort();
        owns.dedup();
    }
}

/// The names on a recommendation with their roles, cabinet members first.
fn named(rec: &super::Recommendation) -> impl Iterator<Item = (&str, Role)> {
    let cabinet = rec
        .cabinet_members
        .iter()
        .map(|n| (n.as_str(), Role::CabinetMember));
    cabinet.chain(
        rec.lead_officers
            .iter()
            .map(|n| (n.as_str(), Role::LeadOfficer)),
    )
}

/// Written with nothing the identity rule ignores (no surrounding spaces or final punctuation).
fn is_clean(text: &str) -> bool {
    let t = text.trim();
    t.len() == text.len() && !t.ends_with(is_punctuation)
}

/// Distinct addresses for people whose base addresses are `bases` (in the order of their
/// names): the first person wanting an address has it, and the others get the first free
/// `-2`, `-3`, … in turn. An address some person has as their own base is never given as
/// another's suffixed one.
fn settle_slugs(bases: Vec<Slug>) -> Vec<Slug> {
    let mut taken: rustc_hash::FxHashSet<Slug> = Default::default();
    let first: Vec<bool> = bases.iter().map(|b| taken.insert(b.clone())).collect();
    let mut next: FxHashMap<Slug, usize> = FxHashMap::default();
    bases
        .into_iter()
        .zip(first)
        .map(|(base, first)| {
            if first {
                return base;
            }
            let n = next.entry(base.clone()).or_insert(2);
            loop {
                let candidate = base.with_suffix(*n);
                *n += 1;
                if taken.insert(candidate.clone()) {
                    return candidate;
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_and_final_punctuation_are_ignored() {
        let k = person_key("Head of Housing");
        assert_eq!(person_key("HEAD OF HOUSING!"), k);
        assert_eq!(person_key("  head of housing . "), k);
        assert_ne!(person_key("Head of Housing (North)"), k);
        assert_ne!(person_key("Head of  Housing"), k);
        assert_eq!(person_key("王小明。"), person_key("王小明"));
        assert_ne!(person_key("?"), person_key("-"));
    }

    #[test]
    fn any_script_gets_a_latin_address() {
        assert_eq!(base_slug(&person_key("王小明")).as_str(), "wang-xiao-ming");
        assert_eq!(
            base_slug(&person_key("Ηλίας Παπαδόπουλος")).as_str(),
            "elias-papadopoulos"
        );
        assert_eq!(
            base_slug(&person_key("Siân O’Neill")).as_str(),
            "sian-oneill"
        );
    }

    #[test]
    fn clashing_addresses_are_numbered_without_taking_anyone_elses() {
        let s = |x: &str| Slug::parse(x).unwrap();
        let got = settle_slugs(vec![s("a"), s("a"), s("a-2"), s("a")]);
        let got: Vec<&str> = got.iter().map(Slug::as_str).collect();
        assert_eq!(got, ["a", "a-3", "a-2", "a-4"]);
    }
}
