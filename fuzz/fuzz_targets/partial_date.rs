//! `PartialDate::parse`: never panics; whatever it accepts prints back to itself, covers a
//! non-empty range of days, and reads as words without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny::model::PartialDate;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = PartialDate::parse(s) {
        let printed = d.to_string();
        assert_eq!(
            PartialDate::parse(&printed),
            Ok(d),
            "round trip of {s:?} via {printed:?}"
        );
        assert!(d.start() <= d.end(), "{s:?}: {} > {}", d.start(), d.end());
        assert!(!d.human().is_empty());
        assert_eq!(printed.trim(), printed);
    }
});
