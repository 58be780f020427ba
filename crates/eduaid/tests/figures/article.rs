//! One test per figure of the article, each computed from the dataset through
//! the public API and checked against the article's value or bound.

use eduaid::zh_number::{self, Approx};
use eduaid::{
    ComplianceOptions, Dim, PairingKind, Party, Query, compliance, dataset, parse_date,
    registry_facts, report,
};

use crate::{code, distinct, ledger, total};

const POOR_COUNTIES: [&str; 8] = [
    "fuping", "laiyuan", "yixian", "laishui", "shunping", "tangxian", "quyang", "wangdu",
];
const AT_LEAST_1: Approx = Approx::AtLeast { digits: 1 };
const AT_LEAST_2: Approx = Approx::AtLeast { digits: 2 };

/// "参与京保教育扶贫协作结对的北京学校有79所" (a distinct count: some
/// Beijing schools are in more than one pairing, one pairing has ended).
#[test]
fn beijing_schools_in_pairings_79() {
    let p = dataset::programme();
    let facts = registry_facts(&p, dataset::as_of());
    assert_eq!(facts.supporting_schools.len(), 79);
    // Counting party members instead of distinct schools would overcount.
    let slots: usize = p
        .pairings()
        .iter()
        .filter(|x| x.in_force(dataset::as_of()) && x.kind() != PairingKind::DistrictCounty)
        .map(|x| x.supporting().members().len())
        .sum();
    assert!(slots > 79, "{slots}");
    // And the registry lists a Beijing school whose pairing has ended.
    let in_registry = p
        .schools()
        .iter()
        .filter(|s| p.area(s.area().as_str()).unwrap().side() == eduaid::Side::Supporting)
        .count();
    assert!(in_registry > 79, "{in_registry}");
}

/// "被帮扶的保定学校有105所".
#[test]
fn baoding_schools_in_pairings_105() {
    let p = dataset::programme();
    let facts = registry_facts(&p, dataset::as_of());
    assert_eq!(facts.supported_schools.len(), 105);
    assert!(facts.supported_schools.iter().all(|s| {
        let area = p.school(s.as_str()).unwrap().area();
        p.area(area.as_str()).unwrap().parent().unwrap().as_str() == "baoding"
    }));
}

/// "共建立结对帮扶关系61个".
#[test]
fn school_pairings_61() {
    let p = dataset::programme();
    let facts = registry_facts(&p, dataset::as_of());
    assert_eq!(facts.pairings_of(PairingKind::SchoolToSchool), 61);
    // Two earlier pairings had ended by then: as of 2017 there were more.
    let total = p
        .pairings()
        .iter()
        .filter(|x| x.kind() == PairingKind::SchoolToSchool)
        .count();
    assert_eq!(total, 63);
}

/// "联合办学10所".
#[test]
fn jointly_run_schools_10() {
    let facts = registry_facts(&dataset::programme(), dataset::as_of());
    assert_eq!(facts.pairings_of(PairingKind::JointSchool), 10);
    assert_eq!(facts.joint_schools.len(), 10);
}

/// A party may be several schools (one Beijing school takes on more than one
/// Baoding school), which is how 79 schools pair with 105.
#[test]
fn some_parties_hold_several_schools() {
    let p = dataset::programme();
    let multi = p
        .pairings()
        .iter()
        .filter(|x| matches!(x.supported(), Party::Schools(s) if s.len() > 1))
        .count();
    assert!(multi >= 20, "{multi}");
}

/// "逐步实现了全学段全覆盖": every stage in every Baoding county.
#[test]
fn every_stage_covered_in_every_poor_county() {
    let facts = registry_facts(&dataset::programme(), dataset::as_of());
    for c in POOR_COUNTIES {
        let cov = facts
            .coverage
            .iter()
            .find(|x| x.area.as_str() == c)
            .unwrap();
        assert!(cov.is_full(), "{c}: {:?}", cov.stages);
    }
    // Not so at the start: coverage grew as pairings began.
    let early = registry_facts(&dataset::programme(), parse_date("2016-12-31").unwrap());
    assert!(early.not_fully_covered().count() > 2);
}

/// "投入资金4000余万元".
#[test]
fn funds_total_40_million_plus() {
    let l = ledger();
    let r = report(
        &l,
        &Query::by(&[])
            .unwrap()
            .measure(code("funds"))
            .to(dataset::as_of()),
    )
    .unwrap();
    let fen = r.row(0).unwrap().value().base_units();
    assert!((4_000_000_000..5_000_000_000).contains(&fen), "{fen}");
    assert_eq!(zh_number::yuan_approx(fen, AT_LEAST_1), "4000余万元");
}

/// "自2016年以来，共投入4000余万元新建、改扩建学校".
#[test]
fn school_conditions_40_million_plus_since_2016() {
    let l = ledger();
    let q = Query::by(&[Dim::Year])
        .unwrap()
        .project(code("school-conditions"))
        .measure(code("funds"))
        .from(parse_date("2016-01-01").unwrap())
        .to(dataset::as_of());
    let r = report(&l, &q).unwrap();
    let fen: i128 = r.rows().map(|x| x.value().base_units()).sum();
    assert!(fen >= 4_000_000_000, "{fen}");
    assert_eq!(zh_number::yuan_approx(fen, AT_LEAST_1), "4000余万元");
    assert_eq!(r.row(0).unwrap().key(0).to_string(), "2016");
}

/// "为170余所学校购置了教育教学设备".
#[test]
fn schools_equipped_170_plus() {
    let n = total(&ledger(), "school-conditions", "schools-equipped", None);
    assert!((171..180).contains(&n), "{n}");
    assert_eq!(zh_number::count_approx(n, AT_LEAST_2), "170余");
}

/// "累计助力受援地区5.7万人摆脱贫困".
#[test]
fn people_out_of_poverty_57_thousand() {
    let l = ledger();
    let n = total(&l, "coordination", "people-out-of-poverty", None);
    assert_eq!(n, 57_000);
    assert_eq!(zh_number::count(n), "5.7万");
    // By county: the supported areas, Wutai and Fanshi included.
    let areas = distinct(&l, "coordination", "people-out-of-poverty", Dim::Area);
    assert_eq!(areas.len(), 10);
}

/// "京保两地教育部门累计对接近30次，其中北京市教委领导到保定调研考察9次".
#[test]
fn dockings_nearly_30_of_which_9_research_visits() {
    let l = ledger();
    let n = total(&l, "coordination", "dockings", None);
    assert!((25..30).contains(&n), "nearly 30 is fewer than 30: {n}");
    assert_eq!(
        zh_number::count_approx(n, Approx::Nearly { digits: 1 }),
        "近30"
    );
    assert_eq!(
        total(&l, "coordination", "dockings", Some("research-visit")),
        9
    );
}

/// "将帮扶资金的80%以上用于贫困村、贫困户、贫困学生和深度贫困地区".
#[test]
fn targeting_share_at_least_80_percent_every_year() {
    let c = compliance(&ledger(), &ComplianceOptions::default()).unwrap();
    let years: Vec<i32> = c.rows.iter().map(|r| r.year).collect();
    assert_eq!(years, [2016, 2017, 2018, 2019]);
    for r in &c.rows {
        assert!(r.passes, "{} {}", r.year, r.share);
    }
    // ... but not by much in every year: 85% would fail somewhere.
    let strict = ComplianceOptions::with_threshold(eduaid::Decimal::new(85, 2)).unwrap();
    assert!(!compliance(&ledger(), &strict).unwrap().passes());
}

/// "先后成立了……等7个工作室": a studio is identified by its host school.
#[test]
fn p1_seven_studios() {
    let hosts = distinct(&ledger(), "principal-studios", "activities", Dim::School);
    assert_eq!(hosts.len(), 7, "{hosts:?}");
}

/// "3年来，组织了33次活动".
#[test]
fn p1_33_activities_in_three_years() {
    let l = ledger();
    assert_eq!(total(&l, "principal-studios", "activities", None), 33);
    let years = distinct(&l, "principal-studios", "activities", Dim::Year);
    assert_eq!(years, ["2017", "2018", "2019"]);
}

/// "4600余名干部教师受到了培训".
#[test]
fn p1_trained_4600_plus() {
    let n = total(&ledger(), "principal-studios", "people-trained", None);
    assert!((4_601..4_700).contains(&n), "{n}");
    assert_eq!(zh_number::count_approx(n, AT_LEAST_2), "4600余");
}

/// "累计使用北京对口帮扶资金114.5万元".
#[test]
fn p1_funds_1145000_yuan_of_paired_assistance() {
    let l = ledger();
    let q = Query::by(&[Dim::Source])
        .unwrap()
        .project(code("principal-studios"))
        .measure(code("funds"));
    let r = report(&l, &q).unwrap();
    assert_eq!(r.rows().len(), 1, "one source only");
    let t = r.total(&[(Dim::Source, "paired-assistance")]).unwrap();
    assert_eq!(t.to_string(), "1145000.00");
    assert_eq!(zh_number::yuan(t.base_units()), "114.5万元");
}

/// "在保定市共组织了19期培训活动".
#[test]
fn p2_19_training_sessions() {
    assert_eq!(
        total(&ledger(), "rural-teachers", "training-sessions", None),
        19
    );
}

/// "8个贫困县参与培训交流的教师达5758人，其中参与北京送教下乡培训教师5240人，
/// 赴京参加培训交流教师518人".
#[test]
fn p2_5758_teachers_5240_local_518_in_beijing() {
    let l = ledger();
    let local = total(&l, "rural-teachers", "people-trained", Some("local"));
    let beijing = total(&l, "rural-teachers", "people-trained", Some("in-beijing"));
    assert_eq!((local, beijing), (5_240, 518));
    assert_eq!(total(&l, "rural-teachers", "people-trained", None), 5_758);
    let areas = distinct(&l, "rural-teachers", "people-trained", Dim::Area);
    let mut expected: Vec<&str> = POOR_COUNTIES.to_vec();
    expected.sort_unstable();
    assert_eq!(areas, expected, "teachers of the 8 poor counties");
}

/// "北京各区还组织了131名教师赴各对口帮扶县开展教学对接帮扶工作".
#[test]
fn p2_131_teachers_sent() {
    let l = ledger();
    assert_eq!(total(&l, "rural-teachers", "teachers-sent", None), 131);
    // Sent through the district-county pairings.
    let pairings = distinct(&l, "rural-teachers", "teachers-sent", Dim::Pairing);
    assert_eq!(pairings.len(), 8);
    assert!(pairings.iter().all(|p| p.starts_with("dc-")));
}

/// "对3291名保定贫困中小学生……进行资助".
#[test]
fn p2_3291_pupils_aided() {
    assert_eq!(
        total(&ledger(), "rural-teachers", "pupils-aided", None),
        3_291
    );
}

/// "安置实习、就业5560人，其中建档立卡贫困家庭学生3058人".
#[test]
fn p3_5560_placed_3058_registered_poor() {
    let l = ledger();
    assert_eq!(total(&l, "vocational-zone", "placements", None), 5_560);
    assert_eq!(
        total(&l, "vocational-zone", "placements", Some("registered-poor")),
        3_058
    );
    let areas = distinct(&l, "vocational-zone", "placements", Dim::Area);
    assert_eq!(areas.len(), 10, "8 poor counties with Wutai and Fanshi");
    assert!(areas.iter().any(|a| a == "wutai") && areas.iter().any(|a| a == "fanshi"));
}

/// "老校长们共听课683节，授课77次，主持教研活动105次，组织课外活动65次"
/// (in Fuping, since 2016).
#[test]
fn p4_retired_principals_683_77_105_65_in_fuping() {
    let l = ledger();
    for (measure, n) in [
        ("lessons-observed", 683),
        ("lessons-taught", 77),
        ("research-sessions", 105),
        ("extracurricular-activities", 65),
    ] {
        assert_eq!(
            total(&l, "retired-principals", measure, None),
            n,
            "{measure}"
        );
        assert_eq!(
            distinct(&l, "retired-principals", measure, Dim::Area),
            ["fuping"]
        );
        let years = distinct(&l, "retired-principals", measure, Dim::Year);
        assert!(years.iter().all(|y| y.as_str() >= "2016"), "{years:?}");
    }
}

/// "累计选派优秀大学生300余人赴贫困县中小学、职教等学校开展支教活动".
#[test]
fn p4_volunteers_300_plus() {
    let n = total(&ledger(), "retired-principals", "volunteers", None);
    assert!((301..400).contains(&n), "{n}");
    assert_eq!(zh_number::count_approx(n, AT_LEAST_1), "300余");
}

/// "2018年和2019年，先后组织130名贫困学生赴北京参加职业技能培训".
#[test]
fn p5_130_students_in_2018_and_2019() {
    let l = ledger();
    assert_eq!(total(&l, "study-visits", "study-visit-students", None), 130);
    let years = distinct(&l, "study-visits", "study-visit-students", Dim::Year);
    assert_eq!(years, ["2018", "2019"]);
}
