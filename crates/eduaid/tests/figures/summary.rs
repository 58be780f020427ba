//! The typed summary agrees with the figures, traces each to its sources, and
//! is pinned by snapshots in Chinese and English.

use eduaid::{Lang, MeasureKind, Selection, Summary, Unit, dataset};

use crate::{ledger, total};

fn summary() -> Summary {
    Summary::build(&ledger(), dataset::as_of(), &dataset::summary_options()).unwrap()
}

#[test]
fn summary_figures_match_the_reports() {
    let l = ledger();
    let s = summary();
    for (project, measure, breakdown) in [
        ("principal-studios", "people-trained", None),
        ("rural-teachers", "people-trained", Some("local")),
        ("rural-teachers", "people-trained", Some("in-beijing")),
        ("vocational-zone", "placements", Some("registered-poor")),
        ("coordination", "dockings", Some("research-visit")),
        ("school-conditions", "funds", None),
    ] {
        let key = match breakdown {
            Some(b) => format!("project/{project}/{measure}/{b}"),
            None => format!("project/{project}/{measure}"),
        };
        let f = s.figure(&key).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(
            f.value().base_units(),
            total(&l, project, measure, breakdown),
            "{key}"
        );
    }
    assert_eq!(
        s.figure("schools/supporting").unwrap().value().base_units(),
        79
    );
    assert_eq!(
        s.figure("schools/supported").unwrap().value().base_units(),
        105
    );
    assert_eq!(
        s.figure("project/principal-studios/schools")
            .unwrap()
            .value()
            .base_units(),
        7
    );
    assert!(s.targeting.iter().all(|t| t.passes));
}

#[test]
fn every_ledger_figure_is_the_sum_of_its_source_entries() {
    let l = ledger();
    let s = summary();
    let mut checked = 0;
    for f in s.figures() {
        let key = f.key();
        let Some((selection, digest)) = f.provenance().entries() else {
            // Registry figures list registry codes.
            let codes = f.provenance().codes();
            assert_eq!(codes.len() as i128, f.value().base_units(), "{key}");
            if key.starts_with("schools/") || key.starts_with("pairings/") {
                assert!(codes.iter().all(|c| {
                    let p = l.programme();
                    p.school(c.as_str()).is_some() || p.pairing(c.as_str()).is_some()
                }));
            }
            continue;
        };
        if let Selection::Measure { measure, .. } = selection {
            let m = l.programme().measure(measure.as_str()).unwrap();
            if m.kind() == MeasureKind::Stock {
                continue; // the latest snapshots only: see the unit tests
            }
        }
        let taken = |e: &eduaid::Entry<'_>| e.date() <= s.as_of && selection.takes(&l, e);
        let sum: i128 = l
            .iter()
            .filter(taken)
            .map(|e| i128::from(e.raw_value()))
            .sum();
        assert_eq!(sum, f.value().base_units(), "{key}");
        assert_eq!(&l.digest(taken), digest, "{key}");
        assert!(digest.entries() > 0, "{key}");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
    let total = s.figure("funds/total").unwrap();
    assert_eq!(total.unit(), Unit::Yuan);
}

#[test]
fn article_forms_in_chinese() {
    let s = summary();
    let zh = |k: &str| s.figure(k).unwrap().render(Lang::Zh);
    assert_eq!(zh("project/principal-studios/people-trained"), "4600余人");
    assert_eq!(zh("project/principal-studios/funds"), "114.5万元");
    assert_eq!(zh("project/retired-principals/volunteers"), "300余人");
    assert_eq!(zh("project/school-conditions/schools-equipped"), "170余所");
    assert_eq!(zh("project/coordination/dockings"), "近30次");
    assert_eq!(zh("project/coordination/people-out-of-poverty"), "5.7万人");
    assert_eq!(zh("funds/total"), "4000余万元");
    assert_eq!(zh("schools/supporting"), "79所");
}

#[test]
fn snapshot_zh() {
    insta::assert_snapshot!("summary_zh", summary().render(Lang::Zh));
}

#[test]
fn snapshot_en() {
    insta::assert_snapshot!("summary_en", summary().render(Lang::En));
}
