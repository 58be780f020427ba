//! The HTML pages, end to end: the embedded dataset's summary in both
//! languages with its four kinds of chart, and the plan and compliance pages
//! with theirs (their numbers are checked against the library in
//! `eduaid-view`'s tests).

use std::process::Output;

const PROGRAMME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd/fixtures/small.json");

const LEDGER: &str = "id,date,project,area,measure,breakdown,value,source\n\
    t1,2019-06-10,rural-teachers,fuping,people-trained,local,240,\n\
    f1,2019-04-01,pupil-health,fuping,funds,poor-pupil,60000,social-capital\n\
    f2,2019-05-01,principal-studios,fuping,funds,general,1145000,paired-assistance\n";

fn run(args: &[&str], stdin: &str) -> Output {
    crate::files::run(args, stdin.as_bytes())
}

#[test]
fn the_embedded_summary_is_a_page_with_four_kinds_of_chart_in_both_languages() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (lang, html_lang, words) in [
        (
            "zh",
            "zh-CN",
            ["各县学段覆盖", "计划与实际", "按资金来源", "精准使用比例"],
        ),
        (
            "en",
            "en",
            [
                "Stage coverage",
                "plan and actual",
                "by source",
                "Targeting share",
            ],
        ),
    ] {
        let path = dir.path().join(format!("summary-{lang}.html"));
        let out = run(
            &[
                "summary",
                "--format",
                "html",
                "--lang",
                lang,
                "--output",
                path.to_str().unwrap(),
            ],
            "",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout.is_empty());
        let html = std::fs::read_to_string(&path).expect("the page is written");
        assert!(html.contains(&format!("<html lang=\"{html_lang}\">")));
        for id in [
            "coverage",
            "plan-1",
            "funds-by-source",
            "funds-by-category",
            "targeting",
        ] {
            assert!(
                html.contains(&format!("<figure id=\"{id}\">")),
                "{lang}: {id}"
            );
        }
        for w in words {
            assert!(html.contains(w), "{lang}: {w}");
        }
        assert!(!html.contains("<script"));
    }
}

#[test]
fn a_failing_compliance_page_marks_the_year_and_exits_1() {
    let out = run(&["compliance", "-", "--format", "html"], LEDGER);
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(html.contains("<figure id=\"targeting\">"));
    assert!(html.contains("class=\"alert\" data-value=\"false\">未达标</td>"));
    assert!(html.contains("达标线80.00%：1项中1项未达标"));
}

#[test]
fn the_plan_page_has_a_chart_per_target_and_the_overdue_milestones() {
    let out = run(
        &[
            "plan",
            "-",
            "--program",
            PROGRAMME,
            "--as-of",
            "2019-06-25",
            "--format",
            "html",
            "--lang",
            "en",
        ],
        LEDGER,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<figure id=\"plan-1\">") && html.contains("<figure id=\"plan-2\">"));
    assert!(html.contains("overdue milestones (1):"));
    assert!(html.contains("as of 25 Jun"), "the as-of month is marked");
}

/// The completeness page: its chart's numbers, read back from the page's
/// table, are the library's (the JSON form of the same run), month by
/// month and in total, with the months of a missing return marked.
#[test]
fn the_completeness_page_shows_the_library_rates_by_month() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd/fixtures");
    let args = |format: &str, lang: &str| {
        let mut a = vec!["completeness", "returns.csv", "--program", "duties.json"];
        a.extend(["--format", format]);
        if !lang.is_empty() {
            a.extend(["--lang", lang]);
        }
        a.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run_in = |a: Vec<String>| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eduaid"))
            .args(a)
            .current_dir(dir)
            .output()
            .expect("the binary runs")
    };
    let json = run_in(args("json", ""));
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let fields = [
        "due",
        "received",
        "on_time",
        "late",
        "unknown_time",
        "missing",
        "completeness",
        "timeliness",
    ];
    let values = |r: &serde_json::Value| -> Vec<String> {
        fields
            .iter()
            .map(|f| match &r[f] {
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect()
    };
    let mut expected: Vec<Vec<String>> = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            let mut row = vec![r["month"].as_str().expect("a month").to_owned()];
            row.extend(values(r));
            row
        })
        .collect();
    let mut total = vec![String::new()];
    total.extend(values(&json["total"]));
    expected.push(total);
    for (lang, marks) in [
        ("zh", "1个统计月有未报"),
        ("en", "1 month(s) with a return missing"),
    ] {
        let out = run_in(args("html", lang));
        assert_eq!(out.status.code(), Some(1), "a return is missing");
        let html = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(html.contains("<figure id=\"completeness\">") && html.contains("<svg"));
        assert!(html.contains(marks), "{html}");
        let start = html
            .find("<table data-table=\"completeness\">")
            .expect("the table");
        let body = &html[start..];
        let body = &body[..body.find("</table>").expect("closed")];
        let rows: Vec<Vec<String>> = body
            .split("<tr>")
            .filter(|r| r.contains("<td"))
            .map(|r| {
                r.split("<td")
                    .skip(1)
                    .map(|td| {
                        td.split_once("data-value=\"")
                            .and_then(|(_, v)| v.split_once('"'))
                            .map_or_else(String::new, |(v, _)| v.to_owned())
                    })
                    .collect()
            })
            .collect();
        assert_eq!(rows, expected, "{lang}");
    }
    // Grouped or detailed rates are not a monthly page.
    let mut a = args("html", "");
    a.extend(["--by".to_owned(), "area".to_owned()]);
    assert_eq!(run_in(a).status.code(), Some(2));
}
