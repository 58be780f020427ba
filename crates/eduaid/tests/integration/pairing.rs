//! `Pairing`: who supports whom, from when to when.

use eduaid::{Error, Pairing, PairingKind, Party};
use insta::assert_snapshot;

use crate::support::{c, d};

fn schools(codes: &[&str]) -> Party {
    Party::Schools(codes.iter().map(|s| c(s)).collect())
}

fn new(
    kind: PairingKind,
    a: Party,
    b: Party,
    start: &str,
    end: Option<&str>,
) -> Result<Pairing, Error> {
    Pairing::new(c("p-1"), kind, a, b, d(start), end.map(d))
}

#[test]
fn accepts_each_kind_with_fitting_parties() {
    let p = new(
        PairingKind::SchoolToSchool,
        schools(&["bj-101"]),
        schools(&["fp-1"]),
        "2018-09-01",
        Some("2020-08-31"),
    )
    .unwrap();
    assert_eq!(p.kind(), PairingKind::SchoolToSchool);
    assert!(p.in_force(d("2018-09-01")));
    assert!(p.in_force(d("2020-08-31")));
    assert!(!p.in_force(d("2018-08-31")));
    assert!(!p.in_force(d("2020-09-01")));
    let joint = new(
        PairingKind::JointSchool,
        schools(&["bj-101", "bj-cy-1"]),
        schools(&["ly-1"]),
        "2019-01-01",
        None,
    )
    .unwrap();
    assert_eq!(joint.supporting().members().len(), 2);
    assert!(joint.in_force(d("2999-01-01")));
    let dc = new(
        PairingKind::DistrictCounty,
        Party::Area(c("haidian")),
        Party::Area(c("fuping")),
        "2016-01-01",
        Some("2016-01-01"),
    )
    .unwrap();
    assert!(dc.in_force(d("2016-01-01")));
    // Same parties in either order of members.
    let again = Pairing::new(
        c("p-2"),
        PairingKind::JointSchool,
        schools(&["bj-cy-1", "bj-101"]),
        schools(&["ly-1"]),
        d("2021-01-01"),
        None,
    )
    .unwrap();
    assert!(joint.same_parties(&again));
    assert!(joint.overlaps(&again));
    assert!(!p.overlaps(&again));
}

#[test]
fn refuses_wrong_shapes_shared_members_and_reversed_dates() {
    let cases = [
        new(
            PairingKind::SchoolToSchool,
            Party::Area(c("haidian")),
            schools(&["fp-1"]),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::DistrictCounty,
            schools(&["bj-101"]),
            Party::Area(c("fuping")),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::JointSchool,
            schools(&[]),
            schools(&["fp-1"]),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::JointSchool,
            schools(&["bj-101", "bj-101"]),
            schools(&["fp-1"]),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::SchoolToSchool,
            schools(&["bj-101"]),
            schools(&["fp-1", "bj-101"]),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::DistrictCounty,
            Party::Area(c("fuping")),
            Party::Area(c("fuping")),
            "2019-01-01",
            None,
        ),
        new(
            PairingKind::SchoolToSchool,
            schools(&["bj-101"]),
            schools(&["fp-1"]),
            "2019-01-02",
            Some("2019-01-01"),
        ),
    ];
    let mut msgs = Vec::new();
    for case in cases {
        let err = case.expect_err("invalid pairing");
        // The rule the programme's check would report is kept.
        assert!(
            matches!(
                err,
                Error::InvalidValue {
                    subject: eduaid::Subject::Pairing,
                    rule: Some(_),
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.rule().unwrap().code().starts_with('P'), "{err:?}");
        msgs.push(err.to_string());
    }
    assert_snapshot!(msgs.join("\n"), @r#"
        invalid pairing: p-1: a school-to-school pairing joins schools, but its supporting party is area haidian
        invalid pairing: p-1: a district-county pairing joins areas, but its supporting party is schools
        invalid pairing: p-1: the supporting party has no school
        invalid pairing: p-1: the supporting party lists a school twice
        invalid pairing: p-1: bj-101 is on both sides of the pairing
        invalid pairing: p-1: fuping is on both sides of the pairing
        invalid pairing: p-1: ends 2019-01-01, before it starts 2019-01-02
    "#);
}

#[test]
fn serde_goes_through_the_same_check() {
    let ok = r#"{"code": "p", "kind": "district-county", "supporting": {"area": "haidian"}, "supported": {"area": "fuping"}, "start": "2016-01-01"}"#;
    assert!(serde_json::from_str::<Pairing>(ok).is_ok());
    let reversed = r#"{"code": "p", "kind": "district-county", "supporting": {"area": "haidian"}, "supported": {"area": "fuping"}, "start": "2016-01-02", "end": "2016-01-01"}"#;
    assert!(serde_json::from_str::<Pairing>(reversed).is_err());
    let unknown = r#"{"code": "p", "kind": "district-county", "supporting": {"area": "haidian"}, "supported": {"area": "fuping"}, "start": "2016-01-01", "ends": "2017-01-01"}"#;
    assert!(serde_json::from_str::<Pairing>(unknown).is_err());
    assert_eq!(
        PairingKind::ALL.map(PairingKind::code),
        ["school-to-school", "joint-school", "district-county"]
    );
}
