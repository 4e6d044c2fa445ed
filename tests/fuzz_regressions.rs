//! Every input the fuzzers ever crashed on stays fixed: each file in
//! `tests/fixtures/fuzz-regressions/` named `<target>-<n>.bin` is run through the same checks as
//! the fuzz target `<target>` (`fuzz/common/checks.rs`, shared with the fuzzers). The seed corpus
//! (`fuzz/seeds/<target>/`) runs too, so the checks themselves are exercised on every
//! `cargo test` without cargo-fuzz or a nightly compiler.

#[path = "../fuzz/common/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// A saved input may have been a hang: give up on it after this long (debug build).
const INPUT_TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_fn(target: &str) -> Option<checks::Check> {
    checks::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .map(|(_, f)| *f)
}

/// Run `f` on `data` in its own thread: the panic message or timeout, if any.
fn run(f: checks::Check, data: Vec<u8>) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let r = std::panic::catch_unwind(|| f(&data)).map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panicked".into())
        });
        let _ = tx.send(r);
    });
    rx.recv_timeout(INPUT_TIMEOUT)
        .unwrap_or_else(|_| Err(format!("still running after {INPUT_TIMEOUT:?}")))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    out.sort();
    out
}

#[test]
fn saved_fuzz_crashes_stay_fixed() {
    let dir = root().join("tests/fixtures/fuzz-regressions");
    let mut failures = Vec::new();
    let mut ran = 0;
    for path in files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let target = name
            .strip_suffix(".bin")
            .and_then(|s| s.rsplit_once('-'))
            .map(|(t, _)| t.to_string());
        let Some(f) = target.as_deref().and_then(check_fn) else {
            failures.push(format!(
                "{name}: not `<target>-<n>.bin` with a target of {:?}",
                checks::TARGETS.iter().map(|t| t.0).collect::<Vec<_>>()
            ));
            continue;
        };
        ran += 1;
        if let Err(e) = run(f, std::fs::read(&path).unwrap()) {
            failures.push(format!("{name}: {e}"));
        }
    }
    eprintln!("{ran} saved fuzz inputs");
    assert!(
        failures.is_empty(),
        "saved fuzz inputs fail again:\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn fuzz_seeds_pass_the_fuzz_checks() {
    let mut failures = Vec::new();
    for (target, f) in checks::TARGETS {
        let seeds = files(&root().join("fuzz/seeds").join(target));
        assert!(!seeds.is_empty(), "no seeds for {target}");
        for path in seeds {
            if let Err(e) = run(*f, std::fs::read(&path).unwrap()) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The harness reports a failing check instead of passing it by.
#[test]
fn a_failing_check_is_reported() {
    let fails: fn(&[u8]) = |data| assert!(data.is_empty(), "not empty");
    assert!(run(fails, Vec::new()).is_ok());
    assert_eq!(run(fails, b"x".to_vec()), Err("not empty".to_string()));
}
