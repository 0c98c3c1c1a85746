//! Fuzzes the component custom-id parser: any id a click can carry.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepbot::button_id::ComponentId;

fuzz_target!(|text: &str| {
    if let Ok(id) = ComponentId::parse(text) {
        // Each id has one spelling: what parses formats back to itself,
        // and fits in Discord's 100-character custom_id.
        let written = id.to_string();
        assert_eq!(written, text);
        assert!(written.len() <= 100, "{written}");
        assert_eq!(ComponentId::parse(&written), Ok(id));
    }
});
