//! The close log: after a close, every single change, removal or insertion
//! of a sealed entry is found with its own rule, every correction dated in
//! an open month is accepted, and the log round-trips and refuses edits.

use std::sync::Arc;

use eduaid::{
    CloseAction, CloseLog, Dim, GenerateOptions, Ledger, Programme, Query, ReadOptions, Rule,
    SealedSums, StatMonth, Summary, SummaryOptions, generate_programme, report_csv_with,
    reports_csv_with, write_ledger_csv,
};
use proptest::prelude::*;

use crate::support::d;

/// A generated programme and ledger CSV lines (header first).
fn generated(seed: u64) -> (Arc<Programme>, Vec<String>) {
    let opts = GenerateOptions::new(400, seed);
    let p = Arc::new(generate_programme(&opts).unwrap());
    let mut csv = Vec::new();
    write_ledger_csv(&p, &opts, &mut csv).unwrap();
    let lines = String::from_utf8(csv)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (p, lines)
}

fn read(p: &Arc<Programme>, lines: &[String]) -> Ledger {
    let text = lines.join("\n") + "\n";
    let loaded = Ledger::read_csv(Arc::clone(p), text.as_bytes(), "l.csv").unwrap();
    assert!(loaded.is_valid(), "{}", loaded.violations);
    loaded.accept_valid_rows()
}

/// Reads `lines` taking the sums of the months `log` seals as the rows
/// are read: checked from those sums, the ledger breaks exactly what it
/// breaks checked by walking it.
fn read_summed(p: &Arc<Programme>, lines: &[String], log: &CloseLog) -> Ledger {
    let text = lines.join("\n") + "\n";
    let through = log.sealed_through().expect("a sealed month");
    let opts = ReadOptions::new().fingerprints_through(through);
    let loaded = Ledger::read_csv_with(Arc::clone(p), text.as_bytes(), "l.csv", &opts).unwrap();
    assert!(loaded.is_valid(), "{}", loaded.violations);
    let show = |v: eduaid::Violations| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    let checked = show(log.check_loaded(&loaded, "l.csv"));
    assert_eq!(checked, show(log.check(loaded.valid_rows(), "l.csv")));
    // Read as a stream, keeping no entry, the same sums and violations.
    for sealed in streamed_sums(p, text.as_bytes(), &opts) {
        assert_eq!(sealed.as_ref(), loaded.sealed_sums());
        assert_eq!(
            show(log.check_sums(sealed.as_ref(), "l.csv").unwrap()),
            checked
        );
    }
    loaded.accept_valid_rows()
}

/// The sums of the sealed months of streamed reads of `text` with `opts`:
/// a report's, several reports', a summary's (which fingerprints every
/// entry for its provenance as well).
fn streamed_sums(p: &Arc<Programme>, text: &[u8], opts: &ReadOptions) -> Vec<Option<SealedSums>> {
    let q = Query::by(&[Dim::Month, Dim::Area]).unwrap();
    let one = report_csv_with(Arc::clone(p), text, "l.csv", &q, opts).unwrap();
    let qs = [q.clone(), Query::by(&[Dim::Project]).unwrap()];
    let several = reports_csv_with(Arc::clone(p), text, "l.csv", &qs, opts).unwrap();
    let options = SummaryOptions::default();
    let summary =
        Summary::read_csv_with(Arc::clone(p), text, "l.csv", None, &options, opts, false).unwrap();
    vec![one.sealed, several.sealed, summary.sealed]
}

/// The rules the check finds, which the audit must find too.
fn rules(log: &CloseLog, ledger: &Ledger) -> Vec<Rule> {
    let quick: Vec<Rule> = log.check(ledger, "l.csv").iter().map(|v| v.rule).collect();
    let full: Vec<Rule> = log.audit(ledger, "l.csv").iter().map(|v| v.rule).collect();
    assert_eq!(quick, full, "the check and the audit disagree");
    quick
}

const SEALED: &str = "2018-06";

fn sealed_log(ledger: &Ledger) -> CloseLog {
    let mut log = CloseLog::new("l.csv.closes.jsonl");
    let m: StatMonth = SEALED.parse().unwrap();
    log.close(ledger, m, "王芳", Some("上半年"), d("2018-06-28"))
        .unwrap();
    log
}

/// Fields of a generated row (no quotes in generated files).
fn fields(line: &str) -> Vec<String> {
    line.split(',').map(str::to_owned).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_single_edit_of_a_sealed_month_is_found(seed in 0..500u64, pick in 0..1000usize, op in 0..6u8) {
        let (p, lines) = generated(seed);
        let ledger = read(&p, &lines);
        let log = sealed_log(&ledger);
        prop_assert!(rules(&log, &ledger).is_empty());
        let last = p.calendar().range(SEALED.parse().unwrap()).1;
        // Sealed originals no other entry corrects (so removing or renaming one keeps the ledger valid).
        let corrected: std::collections::HashSet<String> =
            lines[1..].iter().map(|l| fields(l)[10].clone()).filter(|c| !c.is_empty()).collect();
        let candidates: Vec<usize> = (1..lines.len())
            .filter(|&i| {
                let f = fields(&lines[i]);
                eduaid::parse_date(&f[1]).unwrap() <= last && f[10].is_empty() && !corrected.contains(&f[0])
            })
            .collect();
        prop_assume!(!candidates.is_empty());
        let i = candidates[pick % candidates.len()];
        let mut edited = lines.clone();
        let mut f = fields(&lines[i]);
        let want = match op {
            0 => { edited.remove(i); Rule::SealedEntryRemoved }
            1 => { f[0] = format!("{}-copy", f[0]); edited.push(f.join(",")); Rule::SealedEntryAdded }
            2 => { f[0] = format!("{}-renamed", f[0]); edited[i] = f.join(","); Rule::SealedEntryChanged }
            3 => {
                // One more unit (or fen).
                let v: eduaid::Decimal = f[8].parse().unwrap();
                let step = if f[8].contains('.') { eduaid::Decimal::new(1, 2) } else { eduaid::Decimal::ONE };
                f[8] = (v + step).to_string();
                edited[i] = f.join(",");
                Rule::SealedEntryChanged
            }
            4 => { edited[0].push_str(",recorded"); for l in &mut edited[1..] { l.push(','); } edited[i].push_str(&f[1]); Rule::SealedEntryChanged }
            _ => {
                // Moved to the last sealed day (another day of a sealed month).
                let day = if eduaid::parse_date(&f[1]).unwrap() == last { last.pred_opt().unwrap() } else { last };
                f[1] = day.to_string();
                f[5].clear(); // its pairing may not be in force then
                edited[i] = f.join(",");
                if p.calendar().month_of(day) == p.calendar().month_of(eduaid::parse_date(&fields(&lines[i])[1]).unwrap()) {
                    Rule::SealedEntryChanged
                } else {
                    Rule::SealedEntryAdded // and removed from its own month
                }
            }
        };
        let after = read_summed(&p, &edited, &log);
        let found = rules(&log, &after);
        prop_assert!(found.contains(&want), "op {} on {}: {:?}", op, lines[i], found);
        if op != 5 {
            prop_assert_eq!(found.len(), 1);
        }
    }

    #[test]
    fn corrections_dated_in_an_open_month_are_accepted(seed in 0..500u64, pick in 0..1000usize) {
        let (p, lines) = generated(seed);
        let ledger = read(&p, &lines);
        let log = sealed_log(&ledger);
        let last = p.calendar().range(SEALED.parse().unwrap()).1;
        let sealed: Vec<usize> = (1..lines.len())
            .filter(|&i| eduaid::parse_date(&fields(&lines[i])[1]).unwrap() <= last)
            .collect();
        prop_assume!(!sealed.is_empty());
        let mut f = fields(&lines[sealed[pick % sealed.len()]]);
        let unit = if f[8].contains('.') { "0.01" } else { "1" };
        // A correction of one more unit, dated the day after the seal.
        let corrects = f[0].clone();
        f[0] = format!("fix-{corrects}");
        f[1] = last.succ_opt().unwrap().to_string();
        f[5].clear();
        f[8] = unit.to_owned();
        f[10] = corrects;
        let mut edited = lines.clone();
        edited.push(f.join(","));
        let after = read_summed(&p, &edited, &log);
        prop_assert!(rules(&log, &after).is_empty());
    }
}

#[test]
fn the_log_round_trips_and_refuses_edits() {
    let (p, lines) = generated(3);
    let ledger = read(&p, &lines);
    let mut log = CloseLog::new("l.csv.closes.jsonl");
    let m = |s: &str| s.parse::<StatMonth>().unwrap();
    log.close(&ledger, m("2017-06"), "王芳", None, d("2017-06-28"))
        .unwrap();
    log.close(&ledger, m("2018-06"), "王芳", Some("半年"), d("2018-06-28"))
        .unwrap();
    log.reopen(m("2018-03"), "李明", "县局补报", d("2018-07-02"))
        .unwrap();
    log.close(&ledger, m("2018-12"), "李明", None, d("2018-12-27"))
        .unwrap();
    // Closing a month already sealed, reopening one that is not: refused.
    assert!(
        log.close(&ledger, m("2018-11"), "王芳", None, d("2019-01-02"))
            .is_err()
    );
    assert!(
        log.reopen(m("2019-01"), "王芳", "why", d("2019-01-02"))
            .is_err()
    );
    assert!(
        log.reopen(m("2018-01"), "王芳", " ", d("2019-01-02"))
            .is_err()
    );
    assert_eq!(log.sealed_through(), Some(m("2018-12")));

    let text: String = log
        .records()
        .iter()
        .map(|r| r.to_json_line() + "\n")
        .collect();
    let back = CloseLog::parse(&text, "l.csv.closes.jsonl").unwrap();
    assert_eq!(back.records(), log.records());
    assert_eq!(back.sealed_through(), Some(m("2018-12")));
    assert_eq!(back.records()[2].action(), CloseAction::Reopen);
    assert_eq!(back.records()[2].reason(), Some("县局补报"));
    assert!(back.check(&ledger, "l.csv").is_empty());
    // Every line is canonical JSON: sorted keys, no spaces.
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), line);
    }

    let lines: Vec<&str> = text.lines().collect();
    let err = |t: String| CloseLog::parse(&t, "c.jsonl").unwrap_err().to_string();
    // An edited record.
    let edited = text.replacen("李明", "王五", 1);
    assert!(
        err(edited).starts_with("c.jsonl:3: the record was edited"),
        "edited"
    );
    // A removed, then a reordered record: the chain breaks.
    let removed = [lines[0], lines[2], lines[3]].join("\n");
    assert!(err(removed).starts_with("c.jsonl:2: the chain is broken"));
    let swapped = [lines[1], lines[0]].join("\n");
    assert!(err(swapped).starts_with("c.jsonl:1: the chain is broken"));
    // Not a record at all.
    assert!(err("{\"by\": 1}\n".into()).starts_with("c.jsonl:1: not a close record"));
}

#[test]
fn the_digest_ignores_row_order_and_csv_habits() {
    let (p, mut lines) = generated(9);
    let ledger = read(&p, &lines);
    let log = sealed_log(&ledger);
    // Reversed rows (corrections after what they correct are then before:
    // keep the header and reorder only originals), quoted fields, CRLF.
    let header = lines.remove(0);
    let (fixes, mut originals): (Vec<String>, Vec<String>) =
        lines.into_iter().partition(|l| !fields(l)[10].is_empty());
    originals.reverse();
    let text: String = std::iter::once(header)
        .chain(originals.into_iter().map(|l| {
            let mut f = fields(&l);
            f[2] = format!("\"{}\"", f[2]);
            f.join(",")
        }))
        .chain(fixes)
        .map(|l| l + "\r\n")
        .collect();
    let loaded = Ledger::read_csv(Arc::clone(&p), text.as_bytes(), "l.csv").unwrap();
    assert!(loaded.is_valid(), "{}", loaded.violations);
    assert!(log.check(loaded.valid_rows(), "l.csv").is_empty());
    // So do the sums taken as the rows are read.
    let opts = ReadOptions::new().fingerprints_through(SEALED.parse().unwrap());
    let loaded = Ledger::read_csv_with(Arc::clone(&p), text.as_bytes(), "l.csv", &opts).unwrap();
    assert!(log.check_loaded(&loaded, "l.csv").is_empty());
    // And those a streamed read takes.
    for sealed in streamed_sums(&p, text.as_bytes(), &opts) {
        assert_eq!(sealed.as_ref(), loaded.sealed_sums());
        assert!(log.check_sums(sealed.as_ref(), "l.csv").unwrap().is_empty());
    }
}

#[test]
fn sums_of_other_months_or_none_cannot_be_checked_against_a_log() {
    let (p, lines) = generated(3);
    let ledger = read(&p, &lines);
    let log = sealed_log(&ledger);
    let text = lines.join("\n") + "\n";
    let sealed: StatMonth = SEALED.parse().unwrap();
    let opts = ReadOptions::new().fingerprints_through(sealed.next());
    for sums in [
        streamed_sums(&p, text.as_bytes(), &opts),
        streamed_sums(&p, text.as_bytes(), &ReadOptions::new()),
    ] {
        for s in sums {
            let e = log.check_sums(s.as_ref(), "l.csv").unwrap_err();
            assert!(
                e.to_string().contains("seals the months through 2018-06"),
                "{e}"
            );
        }
    }
    // A log that seals nothing checks any sums, or none.
    let empty = CloseLog::new("l.csv.closes.jsonl");
    assert!(empty.check_sums(None, "l.csv").unwrap().is_empty());
}
