//! A deterministic synthetic council site: reviews on real council topics, recommendations of
//! about 300 words (title, the committee's words, a response, dated updates), people, themes,
//! statuses and dates. Words follow Zipf's law over stop words, council vocabulary, topic words,
//! everyday English and a long tail of place and organisation names, as real plans do.

use scrutiny::model::derive::{facts, sort_updates};
use scrutiny::model::*;

/// xorshift64*: small, fast and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

/// Zipf sampling over `n` ranks: P(r) ∝ 1 / (r + 1)^s.
pub struct Zipf(Vec<f64>);

impl Zipf {
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        Zipf(
            (0..n)
                .map(|r| {
                    acc += 1.0 / ((r + 1) as f64).powf(s);
                    acc
                })
                .collect(),
        )
    }
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.0.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        self.0.partition_point(|&c| c < x).min(self.0.len() - 1)
    }
}

const STOP: &str = "the of and to a in for that is on be with as by this will are it at from or an have has been which their not would should also all more can its was we were our these any into such other there may they could";

const COUNCIL: &str = "council member members officer officers cabinet committee scrutiny review recommendation recommendations report reports plan plans action actions service services residents community communities partner partners partnership partnerships budget funding cost costs delivery deliver delivered progress update updates meeting meetings borough local area areas public team teams strategy strategies policy policies provide provided support supported work working worked consider considered agreed approach improve improvement improvements engagement engage engaging engaged information communication communications consultation consult consulted priority priorities review reviewed monitoring monitor outcome outcomes impact impacts resource resources year years month months quarter timetable target targets measure measures data evidence issue issues response responses lead leads portfolio executive director head manager managers programme programmes project projects scheme schemes framework standard standards performance district county parish ward wards councillor councillors stakeholder stakeholders group groups forum forums board boards event events training staff process processes risk risks option options proposal proposals decision decisions implementation implement implemented approve approved approval funding capital revenue contract contracts provider providers procurement commission commissioned commissioning assessment assessments equality equalities access accessible digital online website survey surveys feedback complaint complaints customer customers contact campaign campaigns awareness safety safe support vulnerable need needs demand capacity benefit benefits";

const ENGLISH: &str = "new further current ongoing next first second number range level levels part way ways time times people person place places use used using make made take taken look looked set within across between under during before after following include including included ensure ensured continue continued develop developed development establish established identify identified increase increased reduce reduced review regular regularly specific general wider key main further able available appropriate relevant possible important significant clear clearly early late recent recently existing potential additional overall particular particularly number week weeks day days end start began begin result results change changes changed share shared sharing discuss discussed discussion explore explored expected expect complete completed completion currently previously also however therefore although since until whether each both either several many most some few well better best good high low long short small large";

const TOPICS: &[(&str, &str)] = &[
    ("Youth services", "youth young children schools school pupils teenagers youth-club forum apprenticeships mentoring activities holiday play summer detached outreach"),
    ("Community safety", "police policing crime antisocial behaviour patrols cctv camera cameras safety street nighttime licensed premises violence bystander vulnerability enforcement wardens"),
    ("Housing", "housing homes homelessness tenants tenancy landlords rent rents temporary accommodation affordable social lettings repairs damp mould allocations private sector"),
    ("Waste and recycling", "waste recycling bins collections collection fly-tipping litter refuse food garden depot vehicles contamination kerbside household recycling-centre"),
    ("Parking and transport", "parking car cars park parks permits buses bus routes cycling cycle walking traffic roads highways congestion charging electric vehicles"),
    ("Planning", "planning applications application development developers local-plan design heritage conservation enforcement appeals infrastructure section-106 housing-supply"),
    ("Leisure and culture", "leisure centre centres museum museums library libraries arts culture festival festivals theatre sport sports swimming pool parks heritage"),
    ("Climate and environment", "climate carbon emissions net-zero energy solar insulation biodiversity trees tree planting air quality flooding flood environmental retrofit"),
    ("Health and wellbeing", "health wellbeing mental physical activity loneliness isolation social prescribing obesity smoking carers care nhs integrated hospital"),
    ("Town centre and economy", "town centre high street shops businesses business retail market economy economic regeneration investment visitors footfall vacant units"),
    ("Council finances", "finance financial savings income fees charges reserves medium-term forecast overspend efficiency treasury investments council-tax business-rates audit"),
    ("Customer services", "customer contact centre telephone calls online forms digital channels complaints response times satisfaction accessibility self-service"),
    ("Domestic abuse", "domestic abuse victims survivors refuge safeguarding multi-agency independent advisers awareness perpetrators helpline support-services"),
    ("Equalities", "equality equalities diversity inclusion disability disabled accessibility discrimination protected characteristics impact assessment communities"),
];

const FIRST: &[&str] = &[
    "Siân",
    "Zoë",
    "José",
    "Renée",
    "Seán",
    "Dafydd",
    "Aoife",
    "Mohammed",
    "Priya",
    "Olu",
    "Grace",
    "Tom",
    "Sarah",
    "David",
    "Helen",
    "James",
    "Amira",
    "Krzysztof",
    "Emma",
    "Raj",
    "Chloe",
    "Liam",
    "Fatima",
    "Gareth",
    "Niamh",
    "Peter",
    "Rachel",
    "Hannah",
    "Joseph",
    "Ruth",
    "Marcus",
    "Imogen",
    "Kwame",
    "Eilidh",
    "Angharad",
];
const LAST: &[&str] = &[
    "Jones",
    "Williams",
    "O’Neill",
    "Patel",
    "Khan",
    "Smith",
    "Brown",
    "Evans",
    "Davies",
    "Hughes",
    "Nowak",
    "Okafor",
    "Thomas",
    "Roberts",
    "Walker",
    "Wright",
    "Green",
    "Hall",
    "Clarke",
    "Lewis",
    "Ahmed",
    "Murphy",
    "Kelly",
    "Taylor",
    "Morgan",
    "Price",
    "Bennett",
    "Begum",
    "Singh",
    "Chen",
];

/// A vocabulary of words by rank.
struct Vocab {
    words: Vec<String>,
    zipf: Zipf,
}

impl Vocab {
    fn new(words: Vec<String>, s: f64) -> Vocab {
        let zipf = Zipf::new(words.len(), s);
        Vocab { words, zipf }
    }
    fn of(text: &str, s: f64) -> Vocab {
        Vocab::new(text.split_whitespace().map(String::from).collect(), s)
    }
    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.zipf.sample(rng)]
    }
}

/// Place, organisation and scheme names: the long tail that makes real indexes large.
fn long_tail(n: usize) -> Vec<String> {
    const SYL: &[&str] = &[
        "mar", "den", "bear", "sted", "to", "vil", "hol", "ling", "bourne", "ley", "field", "ham",
        "ton", "wick", "by", "ford", "bridge", "wood", "hurst", "stone", "ash", "brook", "cot",
        "dale", "east", "gate", "hay", "kings", "lang", "mere", "north", "oak", "pen", "ridge",
        "shaw", "thorn", "well", "win", "yard", "chester", "mill", "cross", "borough", "low",
        "heath", "lee", "sand", "wyn", "llan", "aber", "tre", "caer", "pont", "bryn",
    ];
    let mut rng = Rng::new(7);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let k = 2 + rng.below(2);
        let w: String = (0..k).map(|_| *rng.pick(SYL)).collect();
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

struct Words {
    stop: Vocab,
    council: Vocab,
    english: Vocab,
    topics: Vec<Vocab>,
    tail: Vocab,
}

impl Words {
    fn new() -> Words {
        Words {
            stop: Vocab::of(STOP, 1.0),
            council: Vocab::of(COUNCIL, 1.0),
            english: Vocab::of(ENGLISH, 0.9),
            topics: TOPICS.iter().map(|(_, w)| Vocab::of(w, 0.8)).collect(),
            tail: Vocab::new(long_tail(40_000), 1.05),
        }
    }

    fn word(&self, rng: &mut Rng, topic: usize) -> String {
        let x = rng.unit();
        let w = if x < 0.40 {
            self.stop.word(rng).to_string()
        } else if x < 0.64 {
            self.council.word(rng).to_string()
        } else if x < 0.80 {
            self.topics[topic].word(rng).to_string()
        } else if x < 0.92 {
            self.english.word(rng).to_string()
        } else if x < 0.98 {
            let mut t = self.tail.word(rng).to_string();
            if let Some(f) = t.get(..1) {
                t = format!("{}{}", f.to_uppercase(), &t[1..]);
            }
            t
        } else {
            match rng.below(3) {
                0 => format!("£{},000", 1 + rng.below(900)),
                1 => format!("{}", 2015 + rng.below(12)),
                _ => format!("{}%", 1 + rng.below(99)),
            }
        };
        w
    }

    /// Sentences of Markdown-ish text with about `n` words.
    fn text(&self, rng: &mut Rng, topic: usize, n: usize) -> String {
        let mut out = String::new();
        let mut in_sentence = 0;
        let target = 8 + rng.below(14);
        for i in 0..n {
            let mut w = self.word(rng, topic);
            if in_sentence == 0 {
                if let Some(f) = w.get(..1) {
                    w = format!("{}{}", f.to_uppercase(), &w[1..]);
                }
            }
            out.push_str(&w);
            in_sentence += 1;
            if in_sentence >= target || i + 1 == n {
                out.push('.');
                in_sentence = 0;
                if rng.below(5) == 0 && i + 1 < n {
                    out.push_str("\n\n");
                    continue;
                }
            }
            if i + 1 < n {
                out.push(' ');
            }
        }
        out
    }
}

fn date(y: i32, m: i32, d: i32) -> PartialDate {
    PartialDate::parse(&format!("{y:04}-{m:02}-{d:02}"))
        .unwrap_or_else(|_| PartialDate::from_date(jiff::civil::date(2020, 1, 1)))
}

/// The synthetic site with `n` recommendations; `today` is 1 June 2026.
pub fn site(n: usize, seed: u64) -> Site {
    let mut rng = Rng::new(seed);
    let words = Words::new();
    let today = jiff::civil::date(2026, 6, 1);
    let config = Config {
        base_url: "https://example.org/".into(),
        base_path: "/".into(),
        ..Config::default()
    };
    let officers: Vec<String> = (0..160)
        .map(|i| {
            format!(
                "{} {}",
                FIRST[(i * 7) % FIRST.len()],
                LAST[(i * 11 + i / FIRST.len()) % LAST.len()]
            )
        })
        .collect();
    let officers: Vec<String> = {
        let mut seen = std::collections::HashSet::new();
        officers
            .into_iter()
            .filter(|o| seen.insert(o.clone()))
            .collect()
    };
    let mut reviews = Vec::new();
    let mut made = 0;
    let mut ri = 0;
    while made < n {
        let topic = rng.below(TOPICS.len());
        let count = (8 + rng.below(18)).min(n - made);
        let year = 2016 + rng.below(10) as i32;
        let month = 1 + rng.below(12) as i32;
        let review_date = date(year, month, 1 + rng.below(28) as i32);
        let title = format!(
            "{}: {}",
            TOPICS[topic].0,
            words.text(&mut rng, topic, 3).trim_end_matches('.')
        );
        let slug = Slug::from_text(&format!("{}-{}", TOPICS[topic].0, ri));
        let n_themes = if rng.below(2) == 0 {
            0
        } else {
            2 + rng.below(3)
        };
        let themes: Vec<Theme> = (0..n_themes)
            .map(|t| {
                let tt = words
                    .text(&mut rng, topic, 2)
                    .trim_end_matches('.')
                    .to_string();
                Theme {
                    slug: Slug::from_text(&format!("{tt}-{t}")),
                    title: tt,
                    outcome: Some(words.text(&mut rng, topic, 12)),
                    order: Some(t as i64),
                    description: Markdown(words.text(&mut rng, topic, 30)),
                    file: "theme.md".into(),
                }
            })
            .collect();
        let portfolio = format!("Cabinet Member for {}", TOPICS[topic].0);
        let mut recs = Vec::new();
        for i in 0..count {
            let age = (today.year() as i32 - year).max(0);
            let mut updates = Vec::new();
            let n_updates = rng.below(4 + age.min(3) as usize);
            let mut status = Status::NOT_STARTED;
            for u in 0..n_updates {
                let uy = (year + 1 + u as i32 / 2).min(2026);
                let um = 1 + rng.below(if uy == 2026 { 5 } else { 12 }) as i32;
                let st = match rng.below(6) {
                    0 | 1 => Some(Status::IN_PROGRESS),
                    2 => Some(Status::COMPLETED),
                    3 => Some(Status::ONGOING),
                    4 => None,
                    _ => Some(Status::NOT_PROCEEDING),
                };
                if let Some(s) = st {
                    status = s;
                }
                let links = if rng.below(4) == 0 {
                    vec![Link {
                        title: format!(
                            "Minutes of the {} meeting",
                            words.text(&mut rng, topic, 2).trim_end_matches('.')
                        ),
                        url: "https://example.org/minutes".into(),
                    }]
                } else {
                    vec![]
                };
                updates.push(Update {
                    date: date(uy, um, 1 + rng.below(28) as i32),
                    status: st,
                    due: None,
                    note: Markdown({
                        let k = 25 + rng.below(30);
                        words.text(&mut rng, topic, k)
                    }),
                    links,
                });
            }
            sort_updates(&mut updates);
            let decision = match rng.below(20) {
                0 => Decision::NOT_ACCEPTED,
                1 | 2 => Decision::PARTIALLY_ACCEPTED,
                3 => Decision::AWAITING_RESPONSE,
                _ => Decision::ACCEPTED,
            };
            let mut cabinet_members = vec![portfolio.clone()];
            if rng.below(4) == 0 {
                cabinet_members.push(format!(
                    "Cabinet Member for {}",
                    TOPICS[rng.below(TOPICS.len())].0
                ));
                cabinet_members.dedup();
            }
            let lead_officers: Vec<String> = (0..rng.below(3))
                .map(|_| rng.pick(&officers).clone())
                .collect();
            let title_words = 4 + rng.below(8);
            let title = words
                .text(&mut rng, topic, title_words)
                .trim_end_matches('.')
                .to_string();
            let number = Number::new(&(i + 1).to_string());
            let due_year = year + rng.below(3) as i32;
            let mut rec = Recommendation {
                slug: number.slug(),
                number,
                title,
                recommendation: Markdown({
                    let k = 20 + rng.below(40);
                    format!("To {}", words.text(&mut rng, topic, k).to_lowercase())
                }),
                theme: themes
                    .get(rng.below(themes.len().max(1)))
                    .map(|t| t.slug.clone()),
                cabinet_members,
                lead_officers,
                financial_impact: Some(words.text(&mut rng, topic, 8)),
                decision,
                status,
                due: Some(date(
                    due_year,
                    1 + rng.below(12) as i32,
                    1 + rng.below(28) as i32,
                )),
                timetable: Some(format!("By the end of {}", due_year)),
                updates,
                draft: false,
                withdrawn: None,
                withdrawn_reason: None,
                aliases: Vec::new(),
                alias_at: Vec::new(),
                response: Markdown({
                    let k = 100 + rng.below(120);
                    words.text(&mut rng, topic, k)
                }),
                extra: Default::default(),
                file: "rec.md".into(),
                facts: Facts::default(),
                changes: Vec::new(),
            };
            let issued = Review {
                date: Some(review_date),
                ..Review::default()
            };
            rec.facts = facts(&rec, &issued, &config, today);
            recs.push(rec);
        }
        reviews.push(std::sync::Arc::new(Review {
            slug,
            title,
            committee: Some("Overview and Scrutiny Committee".into()),
            date: Some(review_date),
            reported_to: Some("Cabinet".into()),
            summary: None,
            introduction: Markdown(words.text(&mut rng, topic, 60)),
            themes,
            recommendations: recs,
            file: "_review.md".into(),
            ..Review::default()
        }));
        made += count;
        ri += 1;
    }
    let mut site = Site {
        config,
        reviews,
        people: Vec::new(),
        person_of_name: Default::default(),
        today,
        reach: Default::default(),
    };
    // Everyone named, with what they own, as `validate` derives it.
    let gathered = scrutiny::model::people::gather(&site);
    site.people = gathered.people;
    site.person_of_name = gathered.by_name;
    site
}

/// Words per recommendation, to check the corpus is the size it claims.
pub fn words_per_rec(site: &Site) -> f64 {
    let mut total = 0usize;
    let mut n = 0usize;
    for (_, r) in site.all_recs() {
        n += 1;
        total += r.title.split_whitespace().count()
            + r.recommendation.0.split_whitespace().count()
            + r.response.0.split_whitespace().count()
            + r.updates
                .iter()
                .map(|u| u.note.0.split_whitespace().count())
                .sum::<usize>();
    }
    total as f64 / n.max(1) as f64
}
