//! The site-wide lists, made once per render: by status, by flag, every update, and the unassigned.

use crate::model::flags::Flag;
use crate::model::{RecRef, Status};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Site-wide lists, computed once per render.
#[derive(Default)]
pub struct Lists {
    pub by_status: BTreeMap<Status, Vec<RecRef>>,
    /// Every flag's recommendations (all flags present): overdue and stale ones longest
    /// first, the others in site order.
    pub flagged: BTreeMap<Flag, Vec<RecRef>>,
    /// Every update, newest first: (recommendation, index into its updates).
    pub updates: Vec<(RecRef, usize)>,
    /// The recommendations that name no one (no cabinet member, no lead officer).
    pub unassigned: Vec<RecRef>,
    /// Each declared choice field (by key), each of its choices with the recommendations
    /// that hold it: the filters a choice field gives.
    pub by_choice: Vec<(&'static str, Vec<Chosen>)>,
}

/// One choice of a choice field, and the recommendations that hold it.
pub type Chosen = (&'static str, Vec<RecRef>);

impl Lists {
    pub fn of(site: &crate::model::Site) -> Lists {
        let mut l = Lists::default();
        for s in site.config.vocabulary.status_order() {
            l.by_status.insert(*s, Vec::new());
        }
        for (r, rec) in site.all_recs() {
            l.by_status.entry(rec.current_status()).or_default().push(r);
            for flag in Flag::ALL {
                if flag.of(rec) {
                    l.flagged.entry(flag).or_default().push(r);
                }
            }
            l.updates.extend((0..rec.updates.len()).map(|i| (r, i)));
            if rec.cabinet_members.is_empty() && rec.lead_officers.is_empty() {
                l.unassigned.push(r);
            }
        }
        for flag in Flag::ALL {
            l.flagged.entry(flag).or_default();
        }
        l.by_choice = by_choice(site);
        for (flag, refs) in l.flagged.iter_mut() {
            order_flagged(site, *flag, refs);
        }
        // Newest first (ties in site order). Each update's date is worked out once, not in
        // every comparison, and the tens of thousands of them are sorted on every core.
        let mut keyed: Vec<_> = l
            .updates
            .par_iter()
            .map(|&(r, i)| (std::cmp::Reverse(site.rec(r).updates[i].date.end()), (r, i)))
            .collect();
        keyed.par_sort_unstable();
        l.updates = keyed.into_iter().map(|(_, u)| u).collect();
        l
    }
}

/// The order of a flag's list: the longest overdue, and the longest without progress, first;
/// the others in site order.
pub(crate) fn order_flagged(site: &crate::model::Site, flag: Flag, refs: &mut [RecRef]) {
    match flag {
        Flag::Overdue => refs.sort_by_key(|r| std::cmp::Reverse(site.rec(*r).facts.days_overdue)),
        Flag::Stale => refs.sort_by_key(|r| site.rec(*r).facts.quiet_since.map(|d| d.end())),
        _ => {}
    }
}

/// The recommendations holding each choice of each declared choice field, in site order.
fn by_choice(site: &crate::model::Site) -> Vec<(&'static str, Vec<Chosen>)> {
    use crate::model::fields::{ExtraValue, Kind};
    site.config
        .fields
        .declared()
        .filter_map(|f| match f.kind {
            Kind::Choice(choices) => Some((f.key, choices)),
            _ => None,
        })
        .map(|(key, choices)| {
            let mut lists: Vec<Chosen> = choices.iter().map(|c| (*c, Vec::new())).collect();
            for (r, rec) in site.all_recs() {
                if let Some(ExtraValue::Text(v)) = rec.extra.get(key) {
                    if let Some(slot) = lists.iter_mut().find(|(c, _)| *c == v.as_str()) {
                        slot.1.push(r);
                    }
                }
            }
            (key, lists)
        })
        .collect()
}
