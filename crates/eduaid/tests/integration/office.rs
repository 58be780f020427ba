//! The ledger as offices keep it: Chinese header names, codes in any
//! script, names for codes, free-text ids, spreadsheet habits read exactly.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use eduaid::{
    CodeKind, Dim, Ledger, Programme, Query, ReadOptions, Rule, Severity, report, report_csv_with,
};
use proptest::prelude::*;
use serde_json::json;

use crate::support::registry_json;

const HABITS: &[u8] = include_bytes!("../fixtures/ledger-habits.csv");
const BOM: &[u8] = include_bytes!("../fixtures/ledger-utf8-bom.csv");

fn canonical() -> Arc<Programme> {
    Arc::new(Programme::canonical())
}

/// The ledger written back in the interchange's own form.
fn written(l: &Ledger) -> String {
    let mut out = Vec::new();
    l.write_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_office_samples_give_the_same_entries_and_figures() {
    let habits = Ledger::read_csv(canonical(), HABITS, "ledger-habits.csv").unwrap();
    let bom = Ledger::read_csv(canonical(), BOM, "ledger-utf8-bom.csv").unwrap();
    assert!(bom.violations.is_empty(), "{}", bom.violations);
    assert!(habits.is_valid(), "{}", habits.violations);
    assert_eq!(written(habits.valid_rows()), written(bom.valid_rows()));
    assert_eq!(
        (habits.rows, bom.rows),
        (5, 5),
        "rows of only commas are not rows"
    );

    // One warning per habit (the two rows of only commas each have theirs).
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &habits.violations {
        assert_eq!(v.severity(), Severity::Warning, "{v}");
        *seen.entry(v.rule.code()).or_default() += 1;
    }
    let one = |r: Rule| (r.code(), 1);
    let expected: BTreeMap<&str, usize> = [
        (Rule::SeparatorOnlyRow.code(), 2),
        one(Rule::SpacesAroundField),
        one(Rule::DateUnpadded),
        one(Rule::DateSlashes),
        one(Rule::DateChinese),
        one(Rule::DateMidnight),
        one(Rule::ThousandsSeparators),
        one(Rule::TrailingFractionZeros),
    ]
    .into_iter()
    .collect();
    assert_eq!(seen, expected);

    // The figures: codes kept, names resolved to codes.
    let r = report(
        habits.valid_rows(),
        &Query::by(&[Dim::Project, Dim::Area, Dim::Measure]).unwrap(),
    )
    .unwrap();
    let total = |project: &str, area: &str, measure: &str| {
        let filter = [
            (Dim::Project, project),
            (Dim::Area, area),
            (Dim::Measure, measure),
        ];
        r.total(&filter).map(|t| t.to_string())
    };
    assert_eq!(
        total("principal-studios", "阜平县", "funds").as_deref(),
        Some("10345.67")
    );
    assert_eq!(
        total("principal-studios", "阜平县", "activities").as_deref(),
        Some("3")
    );
    assert_eq!(
        total("rural-teachers", "涞源县", "people-trained").as_deref(),
        Some("138")
    );
    let first = habits.valid_rows().get(0).unwrap();
    assert_eq!(first.id(), "2019-京保-001");
    assert_eq!(
        first.school().map(eduaid::Code::as_str),
        Some("阜平县第一小学")
    );
    assert_eq!(first.measure().as_str(), "activities");
    let last = habits.valid_rows().find("A,17").unwrap();
    assert_eq!(last.corrects().map(|c| c.id()), Some("No. 17"));
    assert_eq!(last.breakdown().map(eduaid::Code::as_str), Some("general"));
}

#[test]
fn a_strict_reading_refuses_every_habit_with_its_code() {
    let strict = ReadOptions::new().strict(true);
    let loaded = Ledger::read_csv_with(canonical(), HABITS, "h.csv", &strict).unwrap();
    // Every row has a habit; the two rows of only commas are refused too,
    // so counted as read.
    assert_eq!(loaded.valid_rows().len(), 0);
    assert_eq!(loaded.rows, 7);
    assert_eq!(loaded.refused(), 7);
    assert_eq!(loaded.violations.warning_count(), 0);
    assert!(loaded.violations.contains(Rule::DateChinese));
    // The streamed report reads the same way.
    let q = Query::by(&[Dim::Project]).unwrap();
    let s = report_csv_with(canonical(), HABITS, "h.csv", &q, &strict).unwrap();
    assert_eq!(s.violations, loaded.violations);
    assert_eq!((s.rows, s.entries), (7, 0));
}

#[test]
fn names_for_codes_resolve_to_codes_and_may_not_be_ambiguous() {
    let mut j = registry_json();
    // Beside the canonical programme's breakdown names.
    j["aliases"]["areas"] = json!({"fuping": ["阜平"]});
    j["aliases"]["schools"] = json!({"fp-1": ["阜平一中"]});
    j["aliases"]["pairings"] = json!({"s2s-01": ["一零一对阜中"]});
    j["aliases"]["sources"] = json!({"paired-assistance": ["对口帮扶"]});
    let p = Arc::new(Programme::from_json(&j.to_string(), "p.json").unwrap());
    assert_eq!(p.aliases().of(CodeKind::Area, "fuping"), ["阜平"]);
    let csv = "编号,日期,项目,区县,学校,结对,指标,分类,数值,资金来源\n\
               a1,2019-06-10,名校长工作室工程,阜平县,阜平一中,一零一对阜中,资金,一般用途,10,对口帮扶\n\
               a2,2019-06-10,principal-studios,阜平,阜平中学,,funds,general,10,\n\
               a3,2019-06-10,principal-studios,涞源县,阜平中学,,funds,general,10,\n";
    let loaded = Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv").unwrap();
    let codes: Vec<String> = loaded
        .valid_rows()
        .iter()
        .map(|e| {
            format!(
                "{} {} {:?} {:?}",
                e.project(),
                e.area(),
                e.school(),
                e.source()
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            "principal-studios fuping Some(\"fp-1\") Some(\"paired-assistance\")",
            "principal-studios fuping Some(\"fp-1\") None"
        ]
    );
    // The school named by its Chinese name lies in fuping, not laiyuan.
    let v = loaded.violations.as_slice();
    assert_eq!(v.len(), 1, "{}", loaded.violations);
    assert_eq!(v[0].rule, Rule::SchoolNotInArea);
    assert!(
        v[0].message
            .contains("school fp-1 is in area fuping, not in area laiyuan"),
        "{}",
        v[0]
    );

    // An alias that is another area's code, and one declared for two areas.
    j["aliases"] = json!({"areas": {"fuping": ["laiyuan", "山区"], "wutai": ["山区"]}});
    let err = Programme::from_json(&j.to_string(), "p.json").unwrap_err();
    let v = err.violations().unwrap();
    assert_eq!(
        v.iter().filter(|x| x.rule == Rule::AmbiguousName).count(),
        2,
        "{v}"
    );
    // An alias for a code the programme does not declare.
    j["aliases"] = json!({"projects": {"no-such": ["无"]}});
    let err = Programme::from_json(&j.to_string(), "p.json").unwrap_err();
    assert!(err.violations().unwrap().contains(Rule::UnknownReference));
}

#[test]
fn two_items_sharing_a_chinese_name_keep_their_codes_and_the_name_means_neither() {
    let mut j = registry_json();
    j["schools"][4]["name"]["zh"] = json!("阜平中学"); // ly-1 now shares fp-1's name
    let p = Arc::new(Programme::from_json(&j.to_string(), "p.json").unwrap());
    let csv = "id,date,project,area,school,measure,breakdown,value\n\
               a1,2019-06-10,principal-studios,fuping,阜平中学,funds,general,10\n";
    let loaded = Ledger::read_csv(p, csv.as_bytes(), "l.csv").unwrap();
    assert!(
        loaded.violations.contains(Rule::UnknownSchool),
        "{}",
        loaded.violations
    );
}

#[test]
fn ignored_columns_from_the_programme_or_the_options() {
    let csv = "id,date,project,area,measure,value,备注,Note\n\
               a1,2019-06-10,principal-studios,fuping,activities,3,第一次,x\n";
    let p = canonical();
    assert!(Ledger::read_csv(Arc::clone(&p), csv.as_bytes(), "l.csv").is_err());
    let opts = ReadOptions::new().ignore_column("备注");
    let err = Ledger::read_csv_with(Arc::clone(&p), csv.as_bytes(), "l.csv", &opts).unwrap_err();
    assert!(err.to_string().contains("unknown column \"Note\""), "{err}");
    let mut j: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
    j["ignore_columns"] = json!(["note"]);
    let with_list = Arc::new(Programme::from_json(&j.to_string(), "p.json").unwrap());
    assert_eq!(with_list.ignored_columns(), ["note"]);
    let loaded = Ledger::read_csv_with(with_list, csv.as_bytes(), "l.csv", &opts).unwrap();
    assert_eq!(loaded.valid_rows().len(), 1);
    // The list survives the JSON form.
    assert!(j.to_string().contains("ignore_columns"));
}

#[test]
fn ids_are_free_text_and_written_back_quoted() {
    let csv = "id,date,project,area,measure,value,corrects\n\
               \"say \"\"hi\"\", A,17\",2019-06-10,principal-studios,fuping,activities,3,\n\
               No. 17,2019-06-11,principal-studios,fuping,activities,-1,\"say \"\"hi\"\", A,17\"\n\
               \"\",2019-06-11,principal-studios,fuping,activities,1,\n";
    let loaded = Ledger::read_csv(canonical(), csv.as_bytes(), "l.csv").unwrap();
    assert_eq!(loaded.valid_rows().len(), 2, "{}", loaded.violations);
    assert_eq!(loaded.valid_rows().get(0).unwrap().id(), "say \"hi\", A,17");
    assert!(
        loaded.violations.contains(Rule::MalformedRow),
        "an empty id"
    );
    let again = Ledger::read_csv(
        canonical(),
        written(loaded.valid_rows()).as_bytes(),
        "w.csv",
    )
    .unwrap();
    assert!(again.violations.is_empty(), "{}", again.violations);
    assert_eq!(written(again.valid_rows()), written(loaded.valid_rows()));
}

/// How a generated entry writes each of its codes: the code or a name.
#[derive(Clone, Debug)]
struct Row {
    id: String,
    day: u32,
    project: usize,
    area: usize,
    school: Option<usize>,
    measure: usize,
    value: u32,
    by_name: [bool; 3],
}

const PROJECTS: [(&str, &str); 2] = [
    ("principal-studios", "名校长工作室工程"),
    ("rural-teachers", "乡村教师专业素养提升工程"),
];
/// Measures with their name and a breakdown (code, name).
const MEASURES: [(&str, &str, (&str, &str)); 2] = [
    ("funds", "资金", ("poor-pupil", "贫困学生")),
    ("people-trained", "培训人数", ("in-beijing", "赴京培训")),
];
const AREAS: [&str; 3] = ["阜平县", "涞源县", "fuping"];
const SCHOOLS: [&str; 2] = ["阜平县第一小学", "涞源县职教中心"];

fn rows() -> impl Strategy<Value = Vec<Row>> {
    let id = prop_oneof![
        "[a-z]{1,3}[0-9]{1,4}",
        "No\\. [0-9]{1,3}",
        "[A-Z],[0-9]{1,2}",
        "2019-京保-[0-9]{3}",
        "[a-z] \"q\" [0-9]",
    ];
    let row = (
        id,
        0u32..365,
        0..PROJECTS.len(),
        0..AREAS.len(),
        proptest::option::of(0..SCHOOLS.len()),
        0..MEASURES.len(),
        0u32..100_000,
        any::<[bool; 3]>(),
    )
        .prop_map(
            |(id, day, project, area, school, measure, value, by_name)| Row {
                id,
                day,
                project,
                area,
                school,
                measure,
                value,
                by_name,
            },
        );
    proptest::collection::vec(row, 0..40)
}

fn csv_of(rows: &[Row]) -> String {
    let mut out = String::from("编号,日期,项目,区县,学校,指标,分类,数值\n");
    let mut seen = std::collections::HashSet::new();
    for r in rows.iter().filter(|r| seen.insert(r.id.clone())) {
        let date = eduaid::parse_date("2019-01-01").unwrap() + chrono::Days::new(u64::from(r.day));
        let (p_code, p_name) = PROJECTS[r.project];
        let (m_code, m_name, (b_code, b_name)) = MEASURES[r.measure];
        let pick = |by_name: bool, code: &'static str, name: &'static str| {
            if by_name { name } else { code }
        };
        let value = if m_code == "funds" {
            format!("{}.{:02}", r.value / 100, r.value % 100)
        } else {
            r.value.to_string()
        };
        writeln!(
            out,
            "\"{}\",{date},{},{},{},{},{},{value}",
            r.id.replace('"', "\"\""),
            pick(r.by_name[0], p_code, p_name),
            AREAS[r.area],
            r.school.map_or("", |s| SCHOOLS[s]),
            pick(r.by_name[1], m_code, m_name),
            pick(r.by_name[2], b_code, b_name),
        )
        .unwrap();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_ledger_in_chinese_codes_and_names_writes_and_reads_back_the_same(rows in rows()) {
        let text = csv_of(&rows);
        let first = Ledger::read_csv(canonical(), text.as_bytes(), "l.csv").unwrap();
        prop_assert!(first.violations.is_empty(), "{}", first.violations);
        prop_assert_eq!(first.valid_rows().len() as u64, first.rows);
        let out = written(first.valid_rows());
        let second = Ledger::read_csv(canonical(), out.as_bytes(), "w.csv").unwrap();
        prop_assert!(second.violations.is_empty(), "{}", second.violations);
        prop_assert_eq!(written(second.valid_rows()), out);
        // The entries keep the codes, never the names.
        for e in second.valid_rows().iter() {
            prop_assert!(PROJECTS.iter().any(|(code, _)| e.project().as_str() == *code));
            prop_assert!(MEASURES.iter().any(|(code, ..)| e.measure().as_str() == *code));
        }
    }
}
