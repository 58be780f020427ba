//! The checked constructors of a programme's parts: names, areas, schools,
//! measures, the framework, projects, targets and milestones.

use eduaid::{
    Area, AreaKind, Decimal, Error, Framework, Lang, Measure, MeasureKind, Milestone, Name,
    PovertyStatus, Project, School, Side, Stage, Stages, Target, Tier, TierItem, Unit,
};
use insta::assert_snapshot;

use crate::support::{c, d};

fn name(zh: &str) -> Name {
    Name::new(zh, "").unwrap()
}

#[test]
fn name_needs_a_chinese_name() {
    let n = Name::new("阜平县", "Fuping County").unwrap();
    assert_eq!((n.zh(), n.en()), ("阜平县", "Fuping County"));
    assert_eq!(n.get(Lang::En), "Fuping County");
    // Without an English name, English falls back to Chinese.
    let n = Name::new("涞源县", "").unwrap();
    assert_eq!(n.get(Lang::En), "涞源县");
    assert_eq!(n.get(Lang::Zh), "涞源县");
    for blank in ["", " ", "\t\n", "\u{3000}"] {
        assert!(
            matches!(Name::new(blank, "English"), Err(Error::InvalidValue { .. })),
            "{blank:?}"
        );
    }
    assert!(serde_json::from_str::<Name>(r#"{"zh": " ", "en": "x"}"#).is_err());
    assert!(serde_json::from_str::<Name>(r#"{"zh": "北京"}"#).is_ok());
    assert_snapshot!(Name::new("  ", "x").unwrap_err(), @"invalid name: the Chinese name cannot be blank");
}

#[test]
fn area_checks_its_own_shape() {
    let county = Area::new(
        c("fuping"),
        name("阜平县"),
        AreaKind::County,
        Some(c("baoding")),
        Side::Supported,
        PovertyStatus::DeeplyPoor,
    )
    .unwrap();
    assert_eq!(county.code().as_str(), "fuping");
    assert_eq!(county.parent().map(eduaid::Code::as_str), Some("baoding"));
    assert_eq!(county.side(), Side::Supported);
    assert_eq!(county.kind(), AreaKind::County);
    assert_eq!(county.poverty(), PovertyStatus::DeeplyPoor);
    assert!(
        Area::new(
            c("beijing"),
            name("北京市"),
            AreaKind::Region,
            None,
            Side::Supporting,
            PovertyStatus::NotPoor
        )
        .is_ok()
    );
    assert!(
        Area::new(
            c("haidian"),
            name("海淀区"),
            AreaKind::District,
            Some(c("beijing")),
            Side::Supporting,
            PovertyStatus::NotPoor
        )
        .is_ok()
    );
    let bad = [
        // A region with a parent.
        Area::new(
            c("hebei"),
            name("河北省"),
            AreaKind::Region,
            Some(c("china")),
            Side::Supported,
            PovertyStatus::NotPoor,
        ),
        // A region with a poverty status.
        Area::new(
            c("hebei"),
            name("河北省"),
            AreaKind::Region,
            None,
            Side::Supported,
            PovertyStatus::Poor,
        ),
        // A poor district.
        Area::new(
            c("haidian"),
            name("海淀区"),
            AreaKind::District,
            Some(c("beijing")),
            Side::Supporting,
            PovertyStatus::Poor,
        ),
        // Its own parent.
        Area::new(
            c("fuping"),
            name("阜平县"),
            AreaKind::County,
            Some(c("fuping")),
            Side::Supported,
            PovertyStatus::Poor,
        ),
    ];
    for b in &bad {
        assert!(matches!(b, Err(Error::InvalidValue { .. })), "{b:?}");
    }
    let msgs: Vec<String> = bad
        .into_iter()
        .map(|b| b.unwrap_err().to_string())
        .collect();
    assert_snapshot!(msgs.join("\n"), @r#"
        invalid area: hebei: a region cannot have a parent area
        invalid area: hebei: only a county has a poverty status
        invalid area: haidian: only a county has a poverty status
        invalid area: fuping: an area cannot be its own parent
    "#);
    assert!(Side::Supporting.other() == Side::Supported);
}

#[test]
fn school_teaches_at_least_one_stage() {
    let stages: Stages = [Stage::Primary, Stage::JuniorSecondary]
        .into_iter()
        .collect();
    let s = School::new(c("fp-1"), name("阜平中学"), c("fuping"), stages).unwrap();
    assert_eq!(s.area().as_str(), "fuping");
    assert!(s.stages().contains(Stage::Primary));
    assert!(!s.stages().contains(Stage::Vocational));
    assert_eq!(s.stages().missing().count(), 4);
    let err = School::new(c("fp-2"), name("阜平二中"), c("fuping"), Stages::EMPTY).unwrap_err();
    assert!(matches!(err, Error::InvalidValue { .. }));
    assert_snapshot!(err, @"invalid school: fp-2: a school teaches at least one stage");
    assert!(
        serde_json::from_str::<School>(
            r#"{"code": "x", "name": {"zh": "学校"}, "area": "fuping", "stages": []}"#
        )
        .is_err()
    );
    assert!(
        serde_json::from_str::<School>(
            r#"{"code": "x", "name": {"zh": "学校"}, "area": "fuping", "stages": ["nursery"]}"#
        )
        .is_err()
    );
    assert!(Stages::ALL.is_all());
    assert_eq!(Stages::ALL.iter().count(), 6);
}

#[test]
fn measure_breakdowns_are_distinct() {
    let m = Measure::new(
        c("placements"),
        name("安置"),
        Unit::Persons,
        MeasureKind::Flow,
        vec![c("registered-poor"), c("other")],
    )
    .unwrap();
    assert_eq!(m.breakdown_index("other"), Some(1));
    assert_eq!(m.breakdown_index("local"), None);
    assert!(m.allows(&c("registered-poor")));
    let stock = Measure::new(
        c("pairings"),
        name("结对数"),
        Unit::Count,
        MeasureKind::Stock,
        vec![],
    )
    .unwrap();
    assert_eq!(stock.kind(), MeasureKind::Stock);
    let err = Measure::new(
        c("funds"),
        name("资金"),
        Unit::Yuan,
        MeasureKind::Flow,
        vec![c("general"), c("poor-pupil"), c("general")],
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidValue { .. }));
    assert_snapshot!(err, @"invalid measure: funds: breakdown general is declared twice");
    let many: Vec<_> = (0..251).map(|i| c(&format!("b{i}"))).collect();
    assert!(Measure::new(c("m"), name("m"), Unit::Count, MeasureKind::Flow, many).is_err());
    let ok: Vec<_> = (0..250).map(|i| c(&format!("b{i}"))).collect();
    assert!(Measure::new(c("m"), name("m"), Unit::Count, MeasureKind::Flow, ok).is_ok());
    assert_eq!(Unit::Yuan.fraction_digits(), 2);
    assert_eq!(Unit::Persons.fraction_digits(), 0);
    assert_eq!(Measure::canonical().len(), 16);
}

fn tier(key: &str, n: usize) -> Tier {
    Tier::new(
        c(key),
        name(key),
        (0..n)
            .map(|i| TierItem::new(name(&format!("{key} {i}")), None))
            .collect(),
    )
}

#[test]
fn framework_code_is_its_tiers_counts() {
    let tiers = vec![
        tier("goal", 1),
        tier("priorities", 2),
        tier("mechanism", 1),
        tier("projects", 5),
    ];
    let f = Framework::new("1215", name("1215"), tiers.clone()).unwrap();
    assert_eq!(f.code(), "1215");
    assert_eq!(f.tiers().len(), 4);
    for (code, tiers) in [
        ("1225", tiers.clone()),
        ("121", tiers.clone()),
        ("", vec![]),
        ("10", vec![tier("goal", 1), tier("empty", 0)]),
        ("11", vec![tier("goal", 1), tier("goal", 1)]),
    ] {
        let err = Framework::new(code, name("f"), tiers).expect_err(code);
        assert!(matches!(err, Error::InvalidValue { .. }), "{code}: {err:?}");
    }
    assert_snapshot!(Framework::new("1225", name("f"), tiers).unwrap_err(), @r#"invalid framework: code "1225" does not match its tiers' counts "1215" (goal 1, priorities 2, mechanism 1, projects 5)"#);
    assert_snapshot!(Framework::new("11", name("f"), vec![tier("goal", 1), tier("goal", 1)]).unwrap_err(), @"invalid framework: tier goal is declared twice (position 2)");
}

#[test]
fn project_needs_an_owner() {
    let p = Project::new(
        c("principal-studios"),
        name("名校长工作室"),
        "北京教育学院".into(),
        vec![c("funds"), c("activities")],
    )
    .unwrap();
    assert!(p.reports("funds"));
    assert!(!p.reports("placements"));
    assert_eq!(p.owner(), "北京教育学院");
    // A project that lists no measure reports any.
    let open = Project::new(c("x"), name("x"), "owner".into(), vec![]).unwrap();
    assert!(open.reports("placements"));
    let err = Project::new(c("x"), name("x"), "  ".into(), vec![]).unwrap_err();
    assert!(matches!(err, Error::InvalidValue { .. }));
    assert_snapshot!(err, @"invalid project owner: cannot be blank");
}

#[test]
fn target_is_non_negative_in_a_plausible_year() {
    let t = Target::new(
        2019,
        c("rural-teachers"),
        Some(c("fuping")),
        c("people-trained"),
        Some(c("local")),
        Decimal::from(5240),
    )
    .unwrap();
    assert_eq!(t.year(), 2019);
    assert_eq!(t.value(), Decimal::from(5240));
    assert!(Target::new(2019, c("p"), None, c("m"), None, Decimal::ZERO).is_ok());
    // Negative zero is zero.
    assert!(Target::new(2019, c("p"), None, c("m"), None, -Decimal::ZERO).is_ok());
    let neg = Target::new(2019, c("p"), None, c("m"), None, Decimal::new(-1, 2)).unwrap_err();
    assert!(matches!(neg, Error::InvalidValue { .. }));
    assert_snapshot!(neg, @"invalid target: 2019 p m: value -0.01 is negative");
    for year in [0, -5, 10_000] {
        assert!(
            Target::new(year, c("p"), None, c("m"), None, Decimal::ONE).is_err(),
            "{year}"
        );
    }
    assert_snapshot!(Target::new(0, c("p"), None, c("m"), None, Decimal::ONE).unwrap_err(), @"invalid target: year 0 is outside 1 to 9999");
}

#[test]
fn milestone_needs_an_owner() {
    let m = Milestone::new(
        c("m-1"),
        c("rural-teachers"),
        name("培训"),
        d("2019-06-30"),
        "市教委".into(),
        None,
    )
    .unwrap();
    assert!(m.is_overdue(d("2019-07-01")));
    assert!(!m.is_overdue(d("2019-06-30")));
    let done = Milestone::new(
        c("m-2"),
        c("rural-teachers"),
        name("培训"),
        d("2019-06-30"),
        "市教委".into(),
        Some(d("2019-07-05")),
    )
    .unwrap();
    assert!(done.is_overdue(d("2019-07-04")));
    assert!(!done.is_overdue(d("2019-07-05")));
    let err = Milestone::new(
        c("m-3"),
        c("p"),
        name("t"),
        d("2019-06-30"),
        String::new(),
        None,
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidValue { .. }));
    assert_snapshot!(err, @"invalid milestone owner: cannot be blank");
}
