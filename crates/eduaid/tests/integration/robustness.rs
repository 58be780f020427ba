//! Arbitrary input never panics: the ledger reader and the programme loader
//! return errors or violations for anything, however malformed.

use std::sync::Arc;

use eduaid::{Ledger, Programme};
use proptest::prelude::*;

/// Bytes biased towards what confuses a CSV reader: separators, quotes, line
/// ends, digits, dashes, invalid UTF-8, and pieces of a real header and row.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b",".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(vec![0xEF, 0xBB, 0xBF]),
        Just(vec![0xFF, 0xC3]),
        Just(b"id,date,project,area,measure,breakdown,value,corrects".to_vec()),
        Just(b"e1,2019-06-25,rural-teachers,fuping,people-trained,local,12,".to_vec()),
        Just(b"2019-02-29".to_vec()),
        Just(b"-0.015".to_vec()),
        Just(b"99999999999999999999".to_vec()),
        "[a-z0-9.-]{0,12}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    let body = proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat());
    // Half the cases start with a valid header, so the rows get read too.
    (any::<bool>(), body).prop_map(|(header, body)| {
        let mut out = Vec::new();
        if header {
            out.extend_from_slice(
                b"id,date,project,area,school,pairing,measure,breakdown,value,source,corrects\n",
            );
        }
        out.extend(body);
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_ledger_reader_never_panics(bytes in csvish()) {
        let programme = Arc::new(Programme::canonical());
        if let Ok(loaded) = Ledger::read_csv(programme, bytes.as_slice(), "fuzz.csv") {
            // Whatever was kept is valid and can be written and read back.
            let mut out = Vec::new();
            loaded.valid_rows().write_csv(&mut out).unwrap();
            let again = Ledger::read_csv(Arc::new(Programme::canonical()), out.as_slice(), "again.csv").unwrap();
            prop_assert_eq!(again.valid_rows().len(), loaded.valid_rows().len());
            prop_assert!(!again.violations.has_errors());
        }
    }

    #[test]
    fn the_programme_loader_never_panics(text in "\\PC{0,400}", cut in 0usize..4000) {
        let _ = Programme::from_json(&text, "fuzz.json");
        // A cut or spliced real programme is the harder case.
        let json = Programme::canonical().to_json();
        let cut = cut.min(json.len());
        let cut = (0..=cut).rev().find(|&i| json.is_char_boundary(i)).unwrap_or(0);
        let _ = Programme::from_json(&json[..cut], "cut.json");
        let spliced = format!("{}{}{}", &json[..cut], text, &json[cut..]);
        let _ = Programme::from_json(&spliced, "spliced.json");
    }
}
