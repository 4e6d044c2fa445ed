//! The index built from the example site round-trips through the decoders, and the JavaScript
//! client (run under node when it is installed) agrees with it.

use super::*;
use std::collections::BTreeMap;
use std::path::Path;

fn example() -> (Site, Urls) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let today = jiff::civil::date(2024, 6, 1);
    let (site, _) = crate::pipeline::check(root, today);
    let urls = Urls::new(&site.config.base_path, &site.config.base_url);
    (site, urls)
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> serde_json::Value {
    serde_json::from_slice(&files["search/manifest.json"]).expect("manifest is JSON")
}

#[test]
fn every_file_decodes_and_the_manifest_lists_them_all() {
    let (site, urls) = example();
    assert_eq!(
        site.all_recs().count(),
        15,
        "the example site has 15 recommendations"
    );
    let files: BTreeMap<String, Vec<u8>> = build(&site, &urls).into_iter().collect();
    let m = manifest(&files);
    assert_eq!(m["version"], VERSION);
    assert_eq!(m["docs"], 15);
    let mut listed = vec!["search/manifest.json".to_string()];
    let mut dictionary = Vec::new();
    for entry in m["terms"].as_array().expect("terms") {
        let first = entry[0].as_str().expect("first term");
        let path = format!("search/t-{}.bin", entry[1].as_str().expect("hash"));
        let terms = shard::decode_term_shard(&files[&path]).expect("term shard decodes");
        assert_eq!(terms[0].text, first);
        dictionary.extend(terms);
        listed.push(path);
    }
    assert!(
        dictionary.windows(2).all(|w| w[0].text < w[1].text),
        "dictionary sorted across shards"
    );
    let mut cards = Vec::new();
    for i in 0..m["cards"]["count"].as_u64().expect("count") {
        let card_hash = m["cards"]["hashes"][i as usize]
            .as_str()
            .expect("card hash");
        let path = format!("search/c-{card_hash}-{i}.json");
        cards.extend(shard::decode_cards(&files[&path]).expect("cards decode"));
        listed.push(path);
    }
    assert_eq!(cards.len(), 15);
    assert_eq!(cards[9].number, "10");
    assert_eq!(
        cards[9].url,
        "/scrutiny/safety-in-the-town-centre/recommendations/10/"
    );
    // A result shows the flags the recommendation's card shows, in the same words.
    let flags = |i: usize| -> Vec<(&str, &str)> {
        cards[i]
            .flags
            .iter()
            .map(|(c, p)| (c.as_str(), p.as_str()))
            .collect()
    };
    assert_eq!(
        flags(4),
        [
            ("overdue", "Overdue since June 2023"),
            ("stale", "No progress reported since April 2023")
        ]
    );
    assert_eq!(
        flags(12),
        [("awaiting", "Awaiting a decision, due by 28 May 2023")]
    );
    let facets_path = format!("search/f-{}.bin", m["facets"].as_str().expect("facets"));
    let f = shard::decode_facets(&files[&facets_path]).expect("facets decode");
    assert_eq!(f.flags.len(), 15);
    assert_eq!(f.review_starts, [0]);
    let names_path = format!("search/n-{}.bin", m["names"].as_str().expect("names"));
    let n = shard::decode_names(&files[&names_path]).expect("names decode");
    assert_eq!(n.reviews[0].2.len(), 3);
    listed.push(names_path);
    let sort_path = format!("search/s-{}.bin", m["sort"].as_str().expect("sort"));
    assert_eq!(
        shard::decode_sort(&files[&sort_path])
            .expect("sort decodes")
            .len(),
        15
    );
    listed.push(facets_path);
    listed.push(sort_path);
    listed.sort();
    assert_eq!(
        listed,
        files.keys().cloned().collect::<Vec<_>>(),
        "no file unlisted, none missing"
    );

    // The dictionary holds the stems with their fields; people are pseudo-terms.
    let term = |t: &str| {
        dictionary
            .iter()
            .find(|d| d.text == t)
            .unwrap_or_else(|| panic!("term {t}"))
    };
    assert!(term("youth")
        .postings
        .contains(&(9, index::TITLE | index::RECOMMENDATION | index::RESPONSE)));
    assert!(term("bystander")
        .postings
        .iter()
        .any(|p| p.0 == 10 && p.1 & index::TITLE != 0));
    assert!(dictionary.iter().any(|d| d.text.starts_with('~')));
}

/// Every decision has room in a document's flags, beside the overdue and awaiting bits: a
/// recommendation whose decision is not recorded (the fifth decision) is not read as overdue.
#[test]
fn every_decision_and_flag_has_its_own_bits() {
    let (mut site, urls) = example();
    let mut review = (*site.reviews[0]).clone();
    for rec in &mut review.recommendations {
        rec.decision = Decision::NOT_RECORDED;
        rec.facts.overdue = false;
        rec.facts.awaiting_response = false;
    }
    site.reviews[0] = std::sync::Arc::new(review);
    let files: BTreeMap<String, Vec<u8>> = build(&site, &urls).into_iter().collect();
    let m = manifest(&files);
    let facets = format!("search/f-{}.bin", m["facets"].as_str().expect("facets"));
    let f = shard::decode_facets(&files[&facets]).expect("facets decode");
    let not_recorded = site
        .config
        .vocabulary
        .decision_order()
        .position(|d| *d == Decision::NOT_RECORDED)
        .expect("a decision") as u8;
    for flags in &f.flags {
        assert_eq!((flags >> 3) & 7, not_recorded, "{flags:#010b}");
        assert_eq!(
            flags & (shard::OVERDUE | shard::AWAITING),
            0,
            "{flags:#010b}"
        );
    }
}

#[test]
fn the_index_is_deterministic() {
    let (site, urls) = example();
    assert_eq!(build(&site, &urls), build(&site, &urls));
}

/// Run the client's node tests against the example index (skipped when node is missing).
#[test]
fn the_javascript_client_agrees_with_the_index() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("node not installed: skipping the client tests");
        return;
    }
    let (site, urls) = example();
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, bytes) in build(&site, &urls) {
        let p = dir.path().join(&path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    // What Rust makes of every word of the site and of some awkward texts: the client must agree.
    let mut texts: Vec<String> = site
        .all_recs()
        .flat_map(|(_, r)| index::doc_text(r).fields)
        .collect();
    texts.extend(
        [
            "Siân O’Neill's Café-bar, £15,000 (2024)",
            "Straße ÆTHER naïve Zoë Œuvre İstanbul ΣΟΦΙΑ Łódź 𝔘nicode e\u{301}",
            "3.2 3-2 x y z 10th 1,000,000 caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled sized hopping tanned falling hissing fizzed failing filing happy sky",
        ]
        .map(String::from),
    );
    let mut words = std::collections::BTreeSet::new();
    let tokenized: Vec<(String, Vec<String>)> = texts
        .iter()
        .map(|t| {
            let mut v = Vec::new();
            text::each_word(t, |w| v.push(w.to_string()));
            words.extend(v.iter().cloned());
            (t.clone(), v)
        })
        .collect();
    let stems: Vec<(String, String, bool)> = words
        .into_iter()
        .map(|w| (text::stem(&w), text::keep(&w), w))
        .map(|(s, k, w)| (w, s, k))
        .collect();
    let agreement = serde_json::json!({ "texts": tokenized, "stems": stems });
    std::fs::write(dir.path().join("agreement.json"), agreement.to_string()).expect("write");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("node")
        .arg("--test")
        .arg(root.join("src/search/client.test.mjs"))
        .env("SEARCH_FIXTURE", dir.path())
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "node tests failed:\n{text}");
    assert!(
        text.contains("# fail 0") && text.contains("# skipped 0"),
        "{text}"
    );
}
