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
