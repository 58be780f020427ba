//! Any text loaded as a programme: an error or a programme, never a panic;
//! a programme that loads writes JSON that loads to the same JSON.
#![no_main]

use eduaid::Programme;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = Programme::from_json(text, "fuzz.json") {
        let json = p.to_json();
        let again = Programme::from_json(&json, "again.json").expect("a written programme loads");
        assert_eq!(again.to_json(), json);
    }
});
