//! Unit tests of the summary: stock provenance, English bounds.

use std::sync::Arc;

use super::*;
use crate::{Lang, Programme};

/// The canonical programme with a stock measure added.
fn with_stock() -> Programme {
    let mut json: serde_json::Value =
        serde_json::from_str(&Programme::canonical().to_json()).unwrap();
    json["measures"] = serde_json::json!([{
        "code": "teachers-in-post", "name": {"zh": "在岗教师"}, "unit": "persons", "kind": "stock"
    }]);
    Programme::from_json(&json.to_string(), "p.json").unwrap()
}

#[test]
fn a_stock_figure_names_only_the_snapshots_it_counts() {
    let csv = "id,date,project,area,measure,value,corrects\n\
               a,2019-01-05,talent-training,fuping,teachers-in-post,40,\n\
               b,2019-03-05,talent-training,fuping,teachers-in-post,45,\n\
               c,2019-03-06,talent-training,fuping,teachers-in-post,-2,b\n\
               d,2019-02-05,talent-training,laiyuan,teachers-in-post,30,\n\
               e,2019-04-05,talent-training,laiyuan,teachers-in-post,31,\n";
    let loaded = Ledger::read_csv(Arc::new(with_stock()), csv.as_bytes(), "l.csv").unwrap();
    let asof = crate::parse_date("2019-03-31").unwrap();
    let s = Summary::build(&loaded.ledger, asof, &SummaryOptions::default()).unwrap();
    let f = s
        .figure("project/talent-training/teachers-in-post")
        .unwrap();
    // Latest as of 31 March: Fuping 45 - 2, Laiyuan 30 (e is later).
    assert_eq!(f.value().base_units(), 73);
    let (_, digest) = f.provenance().entries().unwrap();
    let counted = loaded.ledger.digest(|e| ["b", "c", "d"].contains(&e.id()));
    assert_eq!((digest, digest.entries()), (&counted, 3));
    // Read as a stream, the same.
    let read = Summary::read_csv_with(
        Arc::new(with_stock()),
        csv.as_bytes(),
        "l.csv",
        Some(asof),
        &SummaryOptions::default(),
        &ReadOptions::default(),
        false,
    )
    .unwrap();
    assert_eq!(read.report, Some((s, None)));
}

#[test]
fn english_bounds() {
    let f = |value, unit, approx| Figure {
        key: String::new(),
        label: label("x", "x"),
        value: Total::new(value, unit),
        counter: Counter::Unit,
        approx,
        provenance: Provenance::Registry { codes: Vec::new() },
    };
    let at = |digits| Approx::AtLeast { digits };
    let near = Approx::Nearly { digits: 1 };
    assert_eq!(
        f(4_637, Unit::Persons, at(2)).render(Lang::En),
        "4,600+ persons"
    );
    assert_eq!(
        f(4_600, Unit::Persons, at(2)).render(Lang::En),
        "4,600 persons"
    );
    assert_eq!(
        f(1, Unit::Schools, Approx::Exact).render(Lang::En),
        "1 school"
    );
    assert_eq!(f(28, Unit::Count, near).render(Lang::En), "nearly 30");
    assert_eq!(
        f(4_861_421_117, Unit::Yuan, at(1)).render(Lang::En),
        "40,000,000+ yuan"
    );
    assert_eq!(
        f(4_861_421_117, Unit::Yuan, Approx::Exact).render(Lang::En),
        "48,614,211.17 yuan"
    );
    assert_eq!(f(-12, Unit::Persons, at(1)).render(Lang::En), "-12 persons");
    assert_eq!(f(28, Unit::Count, near).render(Lang::Zh), "近30次");
    assert_eq!(
        f(4_861_421_117, Unit::Yuan, at(1)).render(Lang::Zh),
        "4000余万元"
    );
}

#[test]
fn targeting_counts_the_entries_up_to_the_date() {
    // 80 of 100 yuan targeted by 31 May 2019; 1000 more untargeted yuan in
    // June of the same statistics year come after the date.
    let csv = "id,date,project,area,measure,breakdown,value,source\n\
               a,2019-03-01,pupil-health,fuping,funds,poor-pupil,80,social-capital\n\
               b,2019-03-02,pupil-health,fuping,funds,general,20,social-capital\n\
               c,2019-06-20,pupil-health,fuping,funds,general,1000,social-capital\n";
    let loaded =
        Ledger::read_csv(Arc::new(Programme::canonical()), csv.as_bytes(), "l.csv").unwrap();
    let asof = crate::parse_date("2019-05-31").unwrap();
    let s = Summary::build(&loaded.ledger, asof, &SummaryOptions::default()).unwrap();
    // Read as a stream, the same entries count.
    let opts = (SummaryOptions::default(), ReadOptions::default());
    let p = Arc::new(Programme::canonical());
    let read = Summary::read_csv_with(
        p,
        csv.as_bytes(),
        "l.csv",
        Some(asof),
        &opts.0,
        &opts.1,
        false,
    );
    assert_eq!(read.unwrap().report, Some((s.clone(), None)));
    assert_eq!(s.targeting.len(), 1);
    let year = &s.targeting[0];
    assert_eq!(year.total.to_string(), "100.00");
    assert_eq!(year.targeted.to_string(), "80.00");
    assert!(year.passes);
}
