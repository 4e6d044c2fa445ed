//! Deterministic synthetic site generator for benchmarks.
//!
//! Usage: cargo run --release --example gen_site -- <recommendations> <dir> [--per-review N] [--themes N]
//!
//! Writes a complete site in the scrutiny content format: about 100 recommendations per review,
//! four themes per review, ~300 words of Markdown per recommendation (paragraphs, lists, links),
//! 0–4 dated updates each (none after 2026-11-26, the day the benchmarks build as of), people
//! drawn from a pool of cabinet members and officers.
//! `--per-review 50 --themes 3` makes the shape with more review-level pages (twice the
//! reviews for the same recommendations); the default shape stays, so earlier figures remain
//! comparable.

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// The day the benchmarks build the generated site as of (`--today`).
const BENCH_TODAY: &str = "2026-11-26";

const WORDS: &[&str] = &[
    "council",
    "residents",
    "community",
    "safety",
    "partnership",
    "police",
    "youth",
    "forum",
    "engagement",
    "members",
    "officers",
    "review",
    "committee",
    "housing",
    "health",
    "transport",
    "town",
    "centre",
    "public",
    "realm",
    "communications",
    "plan",
    "report",
    "budget",
    "services",
    "delivery",
    "consultation",
    "survey",
    "training",
    "strategy",
    "policy",
    "funding",
    "grant",
    "scheme",
    "working",
    "group",
    "meeting",
    "quarterly",
    "monthly",
    "agreed",
    "action",
    "outcome",
    "progress",
    "monitoring",
    "evaluation",
    "data",
    "evidence",
    "business",
    "licensing",
    "environment",
    "waste",
    "recycling",
    "parking",
    "lighting",
    "cctv",
    "patrols",
    "volunteers",
    "schools",
    "libraries",
    "leisure",
    "arts",
    "culture",
    "heritage",
    "planning",
    "development",
    "regeneration",
    "economy",
    "employment",
    "skills",
    "wellbeing",
    "mental",
    "support",
    "families",
    "children",
    "older",
    "people",
    "vulnerable",
    "domestic",
    "abuse",
    "violence",
    "women",
    "girls",
    "knife",
    "crime",
    "antisocial",
    "behaviour",
    "noise",
    "nuisance",
    "the",
    "and",
    "of",
    "to",
    "a",
    "in",
    "will",
    "be",
    "with",
    "for",
    "on",
    "by",
    "this",
    "as",
    "is",
    "are",
    "that",
    "an",
    "at",
    "from",
    "which",
    "their",
    "has",
    "have",
    "been",
    "its",
    "it",
    "was",
    "were",
    "all",
    "also",
    "more",
];
const ROLES: &[&str] = &[
    "Community and Strategic Partnerships Manager",
    "Communications Manager",
    "Head of Housing and Regulatory Services",
    "Head of Environment and Public Realm",
    "Democratic Services Manager",
    "Head of Finance",
    "Planning Policy Manager",
    "Licensing Team Leader",
    "Head of Regeneration",
    "Leisure Services Manager",
    "Economic Development Officer",
    "Community Protection Manager",
    "Head of Policy and Communications",
    "Parking Services Manager",
];
const PORTFOLIOS: &[&str] = &[
    "Housing and Health",
    "Communities, Leisure and Arts",
    "Planning, Infrastructure and Economic Development",
    "Environmental Services",
    "Corporate Services",
    "Finance and Resources",
    "Transport",
];
const STATUSES: &[&str] = &[
    "not-started",
    "in-progress",
    "in-progress",
    "ongoing",
    "completed",
    "completed",
    "not-proceeding",
];
const DECISIONS: &[&str] = &[
    "accepted",
    "accepted",
    "accepted",
    "partially-accepted",
    "not-accepted",
    "awaiting-response",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn paragraph(rng: &mut Rng, words: usize) -> String {
    let mut p = String::new();
    let mut left = words;
    while left > 0 {
        let n = (8 + rng.below(12)).min(left);
        if !p.is_empty() {
            p.push(' ');
        }
        p.push_str(&sentence(rng, n));
        left -= n;
    }
    p
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = || -> ! {
        eprintln!("usage: gen_site <recommendations> <dir> [--per-review N] [--themes N]");
        std::process::exit(2);
    };
    let (Some(n), Some(dir)) = (
        args.get(1).and_then(|s| s.parse::<usize>().ok()),
        args.get(2),
    ) else {
        usage()
    };
    let mut shape = Shape {
        per_review: 100,
        themes: 4,
    };
    let mut rest = args[3..].iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&v| v > 0);
        match (flag.as_str(), value) {
            ("--per-review", Some(v)) => shape.per_review = v,
            ("--themes", Some(v)) => shape.themes = v,
            _ => usage(),
        }
    }
    let root = Path::new(dir);
    if let Err(e) = generate(n, root, &shape) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// How the recommendations are grouped.
struct Shape {
    per_review: usize,
    themes: usize,
}

fn generate(n: usize, root: &Path, shape: &Shape) -> std::io::Result<()> {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(
        root.join("site.yaml"),
        "title: Scrutiny tracker (benchmark)\norganisation: Example Borough Council\nbase_url: https://example.org/\nlanguage: en-GB\n",
    )?;
    let per_review = shape.per_review;
    let reviews = n.div_ceil(per_review);
    let mut written = 0;
    for r in 0..reviews {
        let slug = format!("review-{r:04}");
        let rdir = root.join("content").join(&slug);
        std::fs::create_dir_all(rdir.join("themes"))?;
        std::fs::create_dir_all(rdir.join("recommendations"))?;
        let year = 2019 + (r % 6);
        std::fs::write(
            rdir.join("_review.md"),
            format!(
                "---\ntitle: {}\ncommittee: Overview and Scrutiny Committee\ndate: {year}-{:02}\nreported_to: Cabinet\n---\n{}\n",
                yaml_str(&format!("Review {r}: {}", sentence(&mut rng, 4).trim_end_matches('.'))),
                1 + r % 12,
                paragraph(&mut rng, 60)
            ),
        )?;
        let themes: Vec<String> = (0..shape.themes).map(|t| format!("theme-{t}")).collect();
        for (t, ts) in themes.iter().enumerate() {
            std::fs::write(
                rdir.join("themes").join(format!("{ts}.md")),
                format!(
                    "---\ntitle: {}\noutcome: {}\norder: {}\n---\n{}\n",
                    yaml_str(sentence(&mut rng, 3).trim_end_matches('.')),
                    yaml_str(&sentence(&mut rng, 12)),
                    t + 1,
                    paragraph(&mut rng, 40)
                ),
            )?;
        }
        let count = per_review.min(n - written);
        for i in 1..=count {
            let mut f = String::with_capacity(3000);
            let _ = writeln!(f, "---\nnumber: {i}");
            let _ = writeln!(
                f,
                "title: {}",
                yaml_str(sentence(&mut rng, 6).trim_end_matches('.'))
            );
            let _ = writeln!(f, "recommendation: |\n  {}", paragraph(&mut rng, 40));
            let _ = writeln!(f, "theme: {}", themes[rng.below(themes.len())]);
            let _ = writeln!(
                f,
                "cabinet_members:\n  - {}",
                yaml_str(&format!("Cabinet Member for {}", rng.pick(PORTFOLIOS)))
            );
            let leads = rng.below(3);
            if leads == 0 {
                let _ = writeln!(f, "lead_officers: []");
            } else {
                let _ = writeln!(f, "lead_officers:");
                for _ in 0..leads {
                    let _ = writeln!(f, "  - {}", rng.pick(ROLES));
                }
            }
            let _ = writeln!(
                f,
                "financial_impact: {}",
                yaml_str(if rng.below(3) == 0 {
                    "None"
                } else {
                    "Within existing budgets"
                })
            );
            let decision = rng.pick(DECISIONS);
            let _ = writeln!(f, "decision: {decision}");
            let status = rng.pick(STATUSES);
            let _ = writeln!(f, "status: {status}");
            if rng.below(4) != 0 {
                let _ = writeln!(
                    f,
                    "due: {}-{:02}",
                    year + 1 + rng.below(3),
                    1 + rng.below(12)
                );
            }
            let updates = rng.below(5);
            // Updates record what has happened: one dated after the day the benchmarks build
            // as of (`--today 2026-11-26`) is drawn (so the rest of the content stays as it
            // was) but not written, as a site would not publish it before its day.
            let mut written_updates = String::new();
            for u in 0..updates {
                let mut one = String::new();
                let date = format!(
                    "{}-{:02}-{:02}",
                    year + 1 + u,
                    1 + rng.below(12),
                    1 + rng.below(28)
                );
                let _ = writeln!(one, "  - date: {date}");
                if rng.below(2) == 0 {
                    let _ = writeln!(one, "    status: {}", rng.pick(STATUSES));
                }
                let _ = writeln!(one, "    note: |\n      {}", paragraph(&mut rng, 30));
                if rng.below(3) == 0 {
                    let _ = writeln!(one, "    links:\n      - title: Cabinet minutes\n        url: https://example.org/minutes/{r}-{i}-{u}.pdf");
                }
                if date.as_str() <= BENCH_TODAY {
                    written_updates.push_str(&one);
                }
            }
            if !written_updates.is_empty() {
                let _ = writeln!(f, "updates:");
                f.push_str(&written_updates);
            }
            let _ = writeln!(f, "---");
            let _ = writeln!(f, "{}\n", paragraph(&mut rng, 90));
            let _ = writeln!(
                f,
                "- {}\n- {}\n- {}\n",
                sentence(&mut rng, 10),
                sentence(&mut rng, 8),
                sentence(&mut rng, 12)
            );
            let _ = writeln!(
                f,
                "{} See [the cabinet report](https://example.org/reports/{r}/{i}) for details.\n",
                paragraph(&mut rng, 60)
            );
            let _ = writeln!(f, "{}", paragraph(&mut rng, 40));
            std::fs::write(rdir.join("recommendations").join(format!("{i:03}.md")), f)?;
            written += 1;
        }
    }
    eprintln!(
        "wrote {written} recommendations in {reviews} reviews to {}",
        root.display()
    );
    Ok(())
}
