//! The front-matter splitter: never panics, and its four slices always join back to the input
//! (the property `update` relies on to leave the bytes it does not touch alone).
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny::load::frontmatter::{split, SplitError};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match split(input) {
        Ok(s) => {
            assert_eq!(s.join(), input, "split then join must be the identity");
            assert!(s.front_line <= s.body_line, "{s:?}");
            let fence = s.open.trim_start_matches('\u{feff}').trim_end();
            assert_eq!(fence, "---", "the opening fence is `---`: {s:?}");
            assert!(
                s.body_line <= input.split_inclusive('\n').count() + 1,
                "{s:?}"
            );
        }
        Err(SplitError::Unclosed { lines }) => assert!(lines <= input.len()),
        Err(SplitError::Empty | SplitError::NoFrontMatter) => {}
    }
});
