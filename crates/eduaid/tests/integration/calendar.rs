//! Dates, statistics months and the statistics calendar.

use eduaid::{Error, StatCalendar, StatMonth, parse_date};
use insta::assert_snapshot;

use crate::support::d;

#[test]
fn parse_date_accepts_existing_iso_dates() {
    for ok in [
        "2019-06-25",
        "2016-02-29",
        "2000-02-29",
        "0001-01-01",
        "9999-12-31",
    ] {
        assert_eq!(parse_date(ok).unwrap().to_string(), ok);
    }
}

#[test]
fn parse_date_refuses_other_shapes_and_impossible_days() {
    for bad in [
        "",
        "2019-02-29",
        "1900-02-29",
        "2019-04-31",
        "2019-13-01",
        "2019-00-10",
        "2019-01-00",
        "2019-1-01",
        "2019/01/01",
        "25/06/2019",
        "20190101",
        " 2019-01-01",
        "2019-01-01 ",
        "2019-01-01T00:00",
        "２０１９-01-01",
        "+019-01-01",
    ] {
        let err = parse_date(bad).expect_err(bad);
        assert!(matches!(err, Error::InvalidDate { .. }), "{bad:?}: {err:?}");
    }
}

#[test]
fn stat_month_new_parse_and_order() {
    let m = StatMonth::new(2019, 6).unwrap();
    assert_eq!((m.year(), m.month()), (2019, 6));
    assert_eq!(m.to_string(), "2019-06");
    assert_eq!("2019-06".parse::<StatMonth>().unwrap(), m);
    assert_eq!(StatMonth::from_ordinal(m.ordinal()), m);
    assert_eq!(
        StatMonth::new(2019, 12).unwrap().next().to_string(),
        "2020-01"
    );
    assert_eq!(
        StatMonth::new(2020, 1).unwrap().prev().to_string(),
        "2019-12"
    );
    assert!(StatMonth::new(2019, 1).unwrap() < StatMonth::new(2019, 2).unwrap());
    assert!(StatMonth::new(2019, 12).unwrap() < StatMonth::new(2020, 1).unwrap());
    assert_eq!(serde_json::to_string(&m).unwrap(), "\"2019-06\"");
    assert_eq!(serde_json::from_str::<StatMonth>("\"2019-06\"").unwrap(), m);
    assert_eq!(StatMonth::new(1, 1).unwrap().to_string(), "0001-01");
    assert_eq!(StatMonth::new(9999, 12).unwrap().to_string(), "9999-12");
}

#[test]
fn stat_month_refuses_bad_months_and_years() {
    // 10000-01 is the one month past 9999 (26 to 31 December 9999 close in it).
    assert_eq!(StatMonth::new(10_000, 1).unwrap(), StatMonth::LAST);
    for (y, m) in [
        (2019, 0),
        (2019, 13),
        (0, 1),
        (10_000, 2),
        (10_001, 1),
        (-1, 6),
    ] {
        assert!(
            matches!(StatMonth::new(y, m), Err(Error::InvalidDate { .. })),
            "{y}-{m}"
        );
    }
    for bad in [
        "2019-6",
        "2019-13",
        "2019-00",
        "201906",
        "2019/06",
        "+019-06",
        "2019-06-01",
        "",
    ] {
        assert!(bad.parse::<StatMonth>().is_err(), "{bad:?}");
    }
    assert!(serde_json::from_str::<StatMonth>("\"2019-13\"").is_err());
}

#[test]
fn calendar_new_accepts_1_to_31() {
    for cutoff in 1..=31 {
        assert_eq!(StatCalendar::new(cutoff).unwrap().cutoff(), cutoff);
    }
    for bad in [0, 32, 255] {
        assert!(matches!(StatCalendar::new(bad), Err(Error::InvalidCutoff(b)) if b == bad));
        assert!(serde_json::from_str::<StatCalendar>(&bad.to_string()).is_err());
    }
    assert_eq!(
        StatCalendar::default().cutoff(),
        StatCalendar::DEFAULT_CUTOFF
    );
    assert_eq!(StatCalendar::DEFAULT_CUTOFF, 25);
}

#[test]
fn the_25th_closes_the_month() {
    let cal = StatCalendar::default();
    assert_eq!(cal.month_of(d("2019-05-26")).to_string(), "2019-06");
    assert_eq!(cal.month_of(d("2019-06-25")).to_string(), "2019-06");
    assert_eq!(cal.month_of(d("2019-06-26")).to_string(), "2019-07");
    assert_eq!(cal.month_of(d("2019-12-26")).to_string(), "2020-01");
    assert_eq!(cal.year_of(d("2019-12-26")), 2020);
    assert_eq!(cal.year_of(d("2019-12-25")), 2019);
    assert_eq!(
        cal.range(StatMonth::new(2019, 6).unwrap()),
        (d("2019-05-26"), d("2019-06-25"))
    );
    assert_eq!(
        cal.range(StatMonth::new(2020, 1).unwrap()),
        (d("2019-12-26"), d("2020-01-25"))
    );
    assert_eq!(cal.year_range(2019), (d("2018-12-26"), d("2019-12-25")));
}

#[test]
fn short_months_close_on_their_last_day() {
    let cal30 = StatCalendar::new(30).unwrap();
    assert_eq!(
        cal30.range(StatMonth::new(2019, 2).unwrap()),
        (d("2019-01-31"), d("2019-02-28"))
    );
    assert_eq!(
        cal30.range(StatMonth::new(2020, 2).unwrap()),
        (d("2020-01-31"), d("2020-02-29"))
    );
    assert_eq!(
        cal30.range(StatMonth::new(2019, 3).unwrap()),
        (d("2019-03-01"), d("2019-03-30"))
    );
    let calendar_months = StatCalendar::new(31).unwrap();
    assert_eq!(
        calendar_months.month_of(d("2020-12-31")).to_string(),
        "2020-12"
    );
    assert_eq!(
        calendar_months.year_range(2020),
        (d("2020-01-01"), d("2020-12-31"))
    );
    let first_day = StatCalendar::new(1).unwrap();
    assert_eq!(first_day.month_of(d("2019-03-01")).to_string(), "2019-03");
    assert_eq!(first_day.month_of(d("2019-03-02")).to_string(), "2019-04");
}

#[test]
fn messages_name_the_value() {
    assert_snapshot!(parse_date("2019-02-29").unwrap_err(), @r#"invalid date "2019-02-29": no such day in that month"#);
    assert_snapshot!(parse_date("2019/02/01").unwrap_err(), @r#"invalid date "2019/02/01": expected YYYY-MM-DD"#);
    assert_snapshot!(parse_date("2019-13-01").unwrap_err(), @r#"invalid date "2019-13-01": no such month"#);
    assert_snapshot!(StatMonth::new(2019, 13).unwrap_err(), @r#"invalid date "2019-13": no such statistics month"#);
    assert_snapshot!("2019-6".parse::<StatMonth>().unwrap_err(), @r#"invalid date "2019-6": expected a statistics month YYYY-MM"#);
    assert_snapshot!(StatCalendar::new(32).unwrap_err(), @"invalid cutoff day 32: must be 1 to 31");
}
