//! A programme that is not the 1215 model: a "132" framework (1 goal, 3
//! priorities, 2 projects), statistics months closing on the 20th, its own
//! measures (a money measure with its own targeted breakdown, a stock of
//! teachers in post) and a small ledger. Everything the library reports comes
//! from the programme and the entries: nothing is wired to 1215 or to the 25th.
//!
//! `cargo run -p eduaid-examples --example custom_programme`

use std::process::ExitCode;
use std::sync::Arc;

use eduaid::{
    ComplianceOptions, Dim, Error, Lang, Ledger, Programme, Query, Summary, SummaryOptions,
    compliance, parse_date, report,
};

const PROGRAMME: &str = r#"{
  "format": "eduaid-programme/1",
  "code": "hill-county-132",
  "name": { "zh": "山区县教育帮扶", "en": "Hill-county education support" },
  "cutoff_day": 20,
  "framework": {
    "code": "132",
    "name": { "zh": "“132”帮扶模式", "en": "The \"132\" model" },
    "tiers": [
      { "key": "goal", "name": { "zh": "目标", "en": "goal" },
        "items": [ { "text": { "zh": "每所村小都有合格教师", "en": "a qualified teacher in every village school" } } ] },
      { "key": "priorities", "name": { "zh": "重点", "en": "priorities" },
        "items": [
          { "text": { "zh": "教师培训", "en": "teacher training" } },
          { "text": { "zh": "教学设备", "en": "teaching equipment" } },
          { "text": { "zh": "家校联系", "en": "school-family links" } } ] },
      { "key": "projects", "name": { "zh": "项目", "en": "projects" },
        "items": [
          { "text": { "zh": "教师轮训", "en": "Teacher rotation" }, "project": "rotation" },
          { "text": { "zh": "村小设备", "en": "Village-school equipment" }, "project": "equipment" } ] }
    ]
  },
  "projects": [
    { "code": "rotation", "name": { "zh": "教师轮训", "en": "Teacher rotation" }, "owner": "县教育局师训股",
      "measures": ["teachers-trained", "teachers-in-post", "grants"] },
    { "code": "equipment", "name": { "zh": "村小设备", "en": "Village-school equipment" }, "owner": "县教育局装备站",
      "measures": ["grants"] }
  ],
  "canonical_measures": false,
  "measures": [
    { "code": "grants", "name": { "zh": "拨款", "en": "grants" }, "unit": "yuan", "breakdowns": ["village-school", "town"] },
    { "code": "teachers-trained", "name": { "zh": "轮训教师", "en": "teachers trained" }, "unit": "persons" },
    { "code": "teachers-in-post", "name": { "zh": "在岗教师", "en": "teachers in post" }, "unit": "persons", "kind": "stock" }
  ],
  "sources": [ { "code": "province", "name": { "zh": "省级资金", "en": "provincial funds" } } ],
  "areas": [
    { "code": "city", "name": { "zh": "某市", "en": "the city" }, "kind": "region", "side": "supporting" },
    { "code": "hills", "name": { "zh": "某山区", "en": "the hills" }, "kind": "region", "side": "supported" },
    { "code": "city-centre", "name": { "zh": "市中区", "en": "City Centre" }, "kind": "district", "parent": "city", "side": "supporting" },
    { "code": "upper-valley", "name": { "zh": "上谷县", "en": "Upper Valley" }, "kind": "county", "parent": "hills", "side": "supported", "poverty": "poor" }
  ],
  "schools": [
    { "code": "cc-primary", "name": { "zh": "市中区实验小学", "en": "City Centre Primary" }, "area": "city-centre", "stages": ["primary"] },
    { "code": "uv-village-1", "name": { "zh": "上谷县东沟村小", "en": "East Gully Village School" }, "area": "upper-valley", "stages": ["preschool", "primary"] }
  ],
  "pairings": [
    { "code": "pair-1", "kind": "school-to-school", "supporting": { "schools": ["cc-primary"] },
      "supported": { "schools": ["uv-village-1"] }, "start": "2020-09-01" }
  ]
}"#;

// Statistics months close on the 20th: the entries of 20 and 21 October fall
// into the October and November periods.
const LEDGER: &str = "\
id,date,project,area,school,pairing,measure,breakdown,value,source
t1,2020-10-20,rotation,upper-valley,uv-village-1,pair-1,teachers-trained,,12,
t2,2020-10-21,rotation,upper-valley,uv-village-1,pair-1,teachers-trained,,9,
p1,2020-10-05,rotation,upper-valley,uv-village-1,,teachers-in-post,,40,
p2,2020-11-05,rotation,upper-valley,uv-village-1,,teachers-in-post,,43,
g1,2020-10-15,equipment,upper-valley,uv-village-1,,grants,village-school,85000.00,province
g2,2020-11-18,equipment,upper-valley,,,grants,town,15000.00,province
";

fn run() -> Result<(), Error> {
    let programme = Arc::new(Programme::from_json(PROGRAMME, "custom.json")?);
    let loaded = Ledger::read_csv(Arc::clone(&programme), LEDGER.as_bytes(), "custom.csv")?;
    for v in &loaded.violations {
        println!("{v}");
    }
    // Refuses the file if any row was refused: totals must not leave money out.
    let ledger = &loaded.into_ledger()?;
    println!(
        "framework {} with cutoff day {}: {} entries\n",
        programme.framework().code(),
        programme.calendar().cutoff(),
        ledger.len()
    );

    // A grouped report: the stock is the latest snapshot of each month, never a sum.
    let r = report(ledger, &Query::by(&[Dim::Project, Dim::Month])?)?;
    let mut csv = Vec::new();
    r.write_csv(&mut csv).map_err(|source| Error::Io {
        path: "stdout".into(),
        source,
    })?;
    println!("{}", String::from_utf8_lossy(&csv));

    // The targeting rule over this programme's own money measure.
    let grants = "grants".parse()?;
    let opts = ComplianceOptions::with_threshold(eduaid::Decimal::new(8, 1))?
        .measure(grants, vec!["village-school".parse()?]);
    for row in compliance(ledger, &opts)?.rows {
        println!(
            "targeting {}: {} of {} ({}), {}",
            row.year,
            row.targeted,
            row.total,
            row.share,
            if row.passes { "passes" } else { "fails" }
        );
    }

    let options = SummaryOptions::default().targeting(
        "grants".parse()?,
        vec!["village-school".parse()?],
        eduaid::Decimal::new(8, 1),
    );
    let summary = Summary::build(ledger, parse_date("2020-11-20")?, &options)?;
    println!("\n{}", summary.render(Lang::En));
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
