//! Shared fixtures: a programme with a small registry, and CSV helpers.

use std::sync::Arc;

use chrono::NaiveDate;
use eduaid::{Code, Ledger, Loaded, Programme, Severity, Violation};
use serde_json::{Value, json};

/// A code that is known to be valid.
pub fn c(s: &str) -> Code {
    Code::new(s).unwrap_or_else(|e| panic!("test code {s:?}: {e}"))
}

/// A date that is known to exist.
pub fn d(s: &str) -> NaiveDate {
    eduaid::parse_date(s).unwrap_or_else(|e| panic!("test date {s:?}: {e}"))
}

/// The registry added to the canonical programme by [`registry_json`].
fn registry() -> Value {
    json!({
        "areas": [
            {"code": "beijing", "name": {"zh": "北京市", "en": "Beijing"}, "kind": "region", "side": "supporting"},
            {"code": "haidian", "name": {"zh": "海淀区", "en": "Haidian"}, "kind": "district", "parent": "beijing", "side": "supporting"},
            {"code": "chaoyang", "name": {"zh": "朝阳区"}, "kind": "district", "parent": "beijing", "side": "supporting"},
            {"code": "baoding", "name": {"zh": "保定市", "en": "Baoding"}, "kind": "region", "side": "supported"},
            {"code": "fuping", "name": {"zh": "阜平县", "en": "Fuping"}, "kind": "county", "parent": "baoding", "side": "supported", "poverty": "deeply-poor"},
            {"code": "laiyuan", "name": {"zh": "涞源县"}, "kind": "county", "parent": "baoding", "side": "supported", "poverty": "poor"},
            {"code": "shanxi", "name": {"zh": "山西省"}, "kind": "region", "side": "supported"},
            {"code": "wutai", "name": {"zh": "五台县"}, "kind": "county", "parent": "shanxi", "side": "supported", "poverty": "poor"}
        ],
        "schools": [
            {"code": "bj-101", "name": {"zh": "北京一零一中学"}, "area": "haidian", "stages": ["junior-secondary", "senior-secondary"]},
            {"code": "bj-cy-1", "name": {"zh": "朝阳实验小学"}, "area": "chaoyang", "stages": ["primary"]},
            {"code": "fp-1", "name": {"zh": "阜平中学"}, "area": "fuping", "stages": ["junior-secondary"]},
            {"code": "fp-2", "name": {"zh": "阜平职教中心"}, "area": "fuping", "stages": ["vocational"]},
            {"code": "ly-1", "name": {"zh": "涞源小学"}, "area": "laiyuan", "stages": ["primary"]}
        ],
        "pairings": [
            {"code": "s2s-01", "kind": "school-to-school", "supporting": {"schools": ["bj-101"]}, "supported": {"schools": ["fp-1"]}, "start": "2018-09-01", "end": "2020-08-31"},
            {"code": "dc-01", "kind": "district-county", "supporting": {"area": "haidian"}, "supported": {"area": "fuping"}, "start": "2016-01-01"},
            {"code": "joint-01", "kind": "joint-school", "supporting": {"schools": ["bj-101", "bj-cy-1"]}, "supported": {"schools": ["ly-1"]}, "start": "2019-03-01", "end": "2019-12-31"}
        ]
    })
}

/// The canonical programme's JSON with the small registry of [`registry`], as a
/// value to mutate.
pub fn registry_json() -> Value {
    let mut v: Value =
        serde_json::from_str(&Programme::canonical().to_json()).expect("canonical JSON parses");
    for (k, x) in registry().as_object().expect("an object") {
        v[k] = x.clone();
    }
    v
}

/// The canonical programme with a registry of areas, schools and pairings.
pub fn registry_programme() -> Arc<Programme> {
    let text = serde_json::to_string_pretty(&registry_json()).expect("serialises");
    Arc::new(Programme::from_json(&text, "registry.json").expect("the fixture is valid"))
}

/// The full header, in the writer's order.
pub const HEADER: &str =
    "id,date,project,area,school,pairing,measure,breakdown,value,source,corrects";

/// A valid row before the row under test.
pub const GOOD_BEFORE: &str =
    "ok-1,2019-05-20,principal-studios,fuping,fp-1,s2s-01,funds,general,1145000,paired-assistance,";
/// A valid row after the row under test.
pub const GOOD_AFTER: &str =
    "ok-2,2019-06-10,rural-teachers,fuping,,dc-01,people-trained,local,240,,";

/// Reads a ledger CSV against the registry programme, file name `l.csv`.
pub fn load(csv: &str) -> Loaded {
    load_bytes(csv.as_bytes())
}

/// Reads ledger CSV bytes against the registry programme, file name `l.csv`.
pub fn load_bytes(csv: &[u8]) -> Loaded {
    Ledger::read_csv(registry_programme(), csv, "l.csv").expect("the table can be read")
}

/// The ids of a ledger's entries, in order.
pub fn ids(ledger: &Ledger) -> Vec<String> {
    ledger.iter().map(|e| e.id().to_owned()).collect()
}

/// Loads the full header, a valid row, `row`, and another valid row; checks
/// that both valid rows are kept and that `row` alone broke rules; returns
/// the violations of `row` (errors and warnings), all of them on line 3.
pub fn around(row: &str) -> Vec<Violation> {
    let csv = format!("{HEADER}\n{GOOD_BEFORE}\n{row}\n{GOOD_AFTER}\n");
    let loaded = load(&csv);
    assert_eq!(loaded.rows, 3);
    assert_eq!(
        ids(loaded.valid_rows()),
        ["ok-1", "ok-2"],
        "the valid rows around {row:?} are kept, the row is refused: {:#?}",
        loaded.violations
    );
    for v in &loaded.violations {
        assert_eq!(v.location.file.as_deref(), Some("l.csv"));
        assert_eq!(v.location.line, Some(3), "{v}");
    }
    loaded.violations.into_iter().collect()
}

/// Like [`around`], asserting exactly one error and no warning, which it returns.
pub fn one_error(row: &str) -> Violation {
    let mut all = around(row);
    assert_eq!(all.len(), 1, "exactly one violation for {row:?}: {all:#?}");
    let v = all.remove(0);
    assert_eq!(v.severity(), Severity::Error);
    v
}

/// Asserts a violation's rule code and location (file, line, entry, column).
#[track_caller]
pub fn assert_at(v: &Violation, code: &str, line: u64, item: Option<&str>, field: Option<&str>) {
    assert_eq!(v.rule.code(), code, "{v}");
    assert_eq!(v.location.file.as_deref(), Some("l.csv"), "{v}");
    assert_eq!(v.location.line, Some(line), "{v}");
    assert_eq!(v.location.item.as_deref(), item, "{v}");
    assert_eq!(v.location.field.as_deref(), field, "{v}");
}
