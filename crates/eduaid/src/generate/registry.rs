//! The generated registry (areas, schools, pairings) and plan.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::GenerateOptions;
use super::rng::{SplitMix64, Weighted};
use super::stream::{ProjectPlan, Tables};
use crate::{
    Area, AreaKind, Code, Error, Milestone, Name, Pairing, PairingKind, Party, Plan, PovertyStatus,
    Programme, School, Side, Stage, Stages, Target,
};

pub(super) fn code(s: &str) -> Code {
    Code::new(s).expect("generated codes are valid")
}

pub(super) fn name(zh: &str, en: &str) -> Name {
    Name::new(zh, en).expect("generated names are not blank")
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date in the generated range")
}

pub(super) fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n))
        .expect("a date in the generated range")
}

/// Beijing's 16 districts.
pub(super) const BEIJING: [(&str, &str, &str); 16] = [
    ("dongcheng", "东城区", "Dongcheng"),
    ("xicheng", "西城区", "Xicheng"),
    ("chaoyang", "朝阳区", "Chaoyang"),
    ("fengtai", "丰台区", "Fengtai"),
    ("shijingshan", "石景山区", "Shijingshan"),
    ("haidian", "海淀区", "Haidian"),
    ("mentougou", "门头沟区", "Mentougou"),
    ("fangshan", "房山区", "Fangshan"),
    ("tongzhou", "通州区", "Tongzhou"),
    ("shunyi", "顺义区", "Shunyi"),
    ("changping", "昌平区", "Changping"),
    ("daxing", "大兴区", "Daxing"),
    ("huairou", "怀柔区", "Huairou"),
    ("pinggu", "平谷区", "Pinggu"),
    ("miyun", "密云区", "Miyun"),
    ("yanqing", "延庆区", "Yanqing"),
];

/// Baoding's 5 districts and 19 counties and county-level cities; the 8 poor
/// counties, Fuping and Laiyuan deeply poor.
pub(super) const BAODING: [(&str, &str, &str, AreaKind, PovertyStatus); 24] = {
    use AreaKind::{County as C, District as D};
    use PovertyStatus::{DeeplyPoor as Deep, NotPoor as No, Poor as P};
    [
        ("jingxiu", "竞秀区", "Jingxiu", D, No),
        ("lianchi", "莲池区", "Lianchi", D, No),
        ("mancheng", "满城区", "Mancheng", D, No),
        ("qingyuan", "清苑区", "Qingyuan", D, No),
        ("xushui", "徐水区", "Xushui", D, No),
        ("fuping", "阜平县", "Fuping", C, Deep),
        ("laiyuan", "涞源县", "Laiyuan", C, Deep),
        ("laishui", "涞水县", "Laishui", C, P),
        ("yixian", "易县", "Yi", C, P),
        ("quyang", "曲阳县", "Quyang", C, P),
        ("shunping", "顺平县", "Shunping", C, P),
        ("wangdu", "望都县", "Wangdu", C, P),
        ("tangxian", "唐县", "Tang", C, P),
        ("dingxing", "定兴县", "Dingxing", C, No),
        ("gaoyang", "高阳县", "Gaoyang", C, No),
        ("rongcheng", "容城县", "Rongcheng", C, No),
        ("anxin", "安新县", "Anxin", C, No),
        ("lixian", "蠡县", "Li", C, No),
        ("boye", "博野县", "Boye", C, No),
        ("xiongxian", "雄县", "Xiong", C, No),
        ("zhuozhou", "涿州市", "Zhuozhou", C, No),
        ("dingzhou", "定州市", "Dingzhou", C, No),
        ("anguo", "安国市", "Anguo", C, No),
        ("gaobeidian", "高碑店市", "Gaobeidian", C, No),
    ]
};

/// The two Shanxi counties of the vocational cooperation zone.
pub(super) const SHANXI: [(&str, &str, &str); 2] =
    [("wutai", "五台县", "Wutai"), ("fanshi", "繁峙县", "Fanshi")];

/// The regions, Beijing's districts, and `count` supported districts and
/// counties: the first of Baoding's and Shanxi's, then synthetic Baoding
/// counties (a third of them poor, a tenth deeply poor).
pub(super) fn areas(count: u32) -> Vec<Area> {
    let region = |c: &str, zh: &str, en: &str, side| {
        Area::new(
            code(c),
            name(zh, en),
            AreaKind::Region,
            None,
            side,
            PovertyStatus::NotPoor,
        )
        .expect("a valid region")
    };
    let mut out = vec![
        region("beijing", "北京市", "Beijing", Side::Supporting),
        region("baoding", "河北省保定市", "Baoding, Hebei", Side::Supported),
        region("shanxi", "山西省", "Shanxi", Side::Supported),
    ];
    let area = |c: &str, zh: &str, en: &str, kind, parent: &str, side, poverty| {
        Area::new(
            code(c),
            name(zh, en),
            kind,
            Some(code(parent)),
            side,
            poverty,
        )
        .expect("a valid area")
    };
    for (c, zh, en) in BEIJING {
        out.push(area(
            c,
            zh,
            en,
            AreaKind::District,
            "beijing",
            Side::Supporting,
            PovertyStatus::NotPoor,
        ));
    }
    let count = count as usize;
    for (c, zh, en, kind, poverty) in BAODING.into_iter().take(count) {
        out.push(area(c, zh, en, kind, "baoding", Side::Supported, poverty));
    }
    for (c, zh, en) in SHANXI.into_iter().take(count.saturating_sub(BAODING.len())) {
        out.push(area(
            c,
            zh,
            en,
            AreaKind::County,
            "shanxi",
            Side::Supported,
            PovertyStatus::Poor,
        ));
    }
    for k in BAODING.len() + SHANXI.len() + 1..=count {
        let poverty = match k {
            _ if k % 10 == 0 => PovertyStatus::DeeplyPoor,
            _ if k % 3 == 0 => PovertyStatus::Poor,
            _ => PovertyStatus::NotPoor,
        };
        out.push(area(
            &format!("county-{k:03}"),
            &format!("合成第{k}县"),
            &format!("Synthetic county {k}"),
            AreaKind::County,
            "baoding",
            Side::Supported,
            poverty,
        ));
    }
    out
}

/// A school's stages: one main stage, sometimes with the next one (九年一贯制).
pub(super) fn stages(rng: &mut SplitMix64) -> Stages {
    const MAIN: [u64; 6] = [15, 40, 25, 10, 6, 4];
    let main = Stage::ALL[Weighted::new(MAIN).sample(rng)];
    let mut s = Stages::EMPTY.with(main);
    let next = match main {
        Stage::Preschool => Some(Stage::Primary),
        Stage::Primary => Some(Stage::JuniorSecondary),
        Stage::JuniorSecondary => Some(Stage::SeniorSecondary),
        _ => None,
    };
    if let Some(n) = next.filter(|_| rng.per_mille(200)) {
        s = s.with(n);
    }
    s
}

/// Schools: every supported area gets a vocational centre first, then schools
/// go to Beijing districts in turn (40%) and to supported areas weighted by
/// poverty (60%).
pub(super) fn schools(areas: &[Area], count: u32, rng: &mut SplitMix64) -> Vec<School> {
    let supporting: Vec<&Area> = areas
        .iter()
        .filter(|a| a.kind() != AreaKind::Region && a.side() == Side::Supporting)
        .collect();
    let supported: Vec<&Area> = areas
        .iter()
        .filter(|a| a.kind() != AreaKind::Region && a.side() == Side::Supported)
        .collect();
    let pick = Weighted::new(supported.iter().map(|a| poverty_weight(a.poverty())));
    let mut numbers = vec![0u32; areas.len()];
    let mut out = Vec::with_capacity(count as usize);
    let mut add = |area: &Area, stages: Stages, out: &mut Vec<School>| {
        let i = areas
            .iter()
            .position(|a| a.code() == area.code())
            .expect("the area is listed");
        numbers[i] += 1;
        let n = numbers[i];
        let (zh, en) = if n == 1 && stages == Stages::EMPTY.with(Stage::Vocational) {
            (
                format!("{}职业教育中心", area.name().zh()),
                format!("{} vocational education centre", area.name().en()),
            )
        } else {
            (
                format!("{}第{n}学校", area.name().zh()),
                format!("{} school {n}", area.name().en()),
            )
        };
        out.push(
            School::new(
                code(&format!("{}-s{n:03}", area.code())),
                name(&zh, &en),
                area.code().clone(),
                stages,
            )
            .expect("a school has a stage"),
        );
    };
    // At most half the schools are these centres (many areas, few schools).
    for a in supported.iter().take(count as usize / 2) {
        add(a, Stages::EMPTY.with(Stage::Vocational), &mut out);
    }
    let rest = (count as usize).saturating_sub(out.len());
    let mut beijing = 0;
    for k in 0..rest {
        let s = stages(rng);
        if k % 5 < 2 {
            add(supporting[beijing % supporting.len()], s, &mut out);
            beijing += 1;
        } else {
            add(supported[pick.sample(rng)], s, &mut out);
        }
    }
    out
}

pub(super) fn poverty_weight(p: PovertyStatus) -> u64 {
    match p {
        PovertyStatus::NotPoor => 1,
        PovertyStatus::Poor => 4,
        PovertyStatus::DeeplyPoor => 6,
    }
}

/// Pairings: each Baoding county with a Beijing district (some handed over to
/// another district part-way), and school-to-school and jointly run school
/// pairings between groups of schools, some ended.
pub(super) fn pairings(
    areas: &[Area],
    schools: &[School],
    opts: &GenerateOptions,
    rng: &mut SplitMix64,
) -> Vec<Pairing> {
    let first = ymd(opts.start_year, 1, 1);
    let span = u64::from(opts.years) * 365;
    let mut out = Vec::new();
    let districts: Vec<&Area> = areas
        .iter()
        .filter(|a| a.kind() == AreaKind::District && a.side() == Side::Supporting)
        .collect();
    let counties: Vec<&Area> = areas
        .iter()
        .filter(|a| {
            a.kind() == AreaKind::County && a.parent().is_some_and(|p| p.as_str() == "baoding")
        })
        .collect();
    let offset = rng.index(districts.len());
    let mut n = 0;
    let mut dc = |from: &Area, to: &Area, start, end, out: &mut Vec<Pairing>| {
        n += 1;
        out.push(
            Pairing::new(
                code(&format!("p-dc-{n:03}")),
                PairingKind::DistrictCounty,
                Party::Area(from.code().clone()),
                Party::Area(to.code().clone()),
                start,
                end,
            )
            .expect("a valid district-county pairing"),
        );
    };
    for (k, county) in counties.iter().enumerate() {
        let district = districts[(k + offset) % districts.len()];
        let start = first - Days::new(rng.below(365));
        if opts.years > 1 && rng.per_mille(200) {
            let end = add_days(first, 365 + rng.below(span - 365));
            dc(district, county, start, Some(end), &mut out);
            let next = districts[(k + offset + 1) % districts.len()];
            dc(next, county, add_days(end, 1), None, &mut out);
        } else {
            dc(district, county, start, None, &mut out);
        }
    }

    let beijing: Vec<usize> = (0..schools.len())
        .filter(|&i| side_of(areas, schools[i].area()) == Side::Supporting)
        .collect();
    let baoding: Vec<usize> = (0..schools.len())
        .filter(|&i| side_of(areas, schools[i].area()) == Side::Supported)
        .collect();
    let school_to_school = (baoding.len() / 4).max(4);
    let joint = (school_to_school / 8).max(2);
    let mut seen = HashSet::new();
    let group = |pool: &[usize], weights: [u64; 3], rng: &mut SplitMix64| {
        let size = Weighted::new(weights).sample(rng) + 1;
        let mut g: Vec<usize> = Vec::with_capacity(size);
        while g.len() < size.min(pool.len()) {
            let s = pool[rng.index(pool.len())];
            if !g.contains(&s) {
                g.push(s);
            }
        }
        g.sort_unstable();
        g
    };
    for (kind, count, prefix) in [
        (PairingKind::SchoolToSchool, school_to_school, "p-s2s"),
        (PairingKind::JointSchool, joint, "p-joint"),
    ] {
        let mut made = 0;
        while made < count {
            let (a, b) = if kind == PairingKind::JointSchool {
                (
                    group(&beijing, [1, 0, 0], rng),
                    group(&baoding, [1, 0, 0], rng),
                )
            } else {
                (
                    group(&beijing, [70, 20, 10], rng),
                    group(&baoding, [75, 25, 0], rng),
                )
            };
            if !seen.insert((a.clone(), b.clone())) {
                continue;
            }
            made += 1;
            let start = add_days(first - Days::new(730), rng.below(span + 730));
            let end = rng
                .per_mille(150)
                .then(|| add_days(start, 365 + rng.below(730)));
            let party = |g: &[usize]| {
                Party::Schools(g.iter().map(|&i| schools[i].code().clone()).collect())
            };
            out.push(
                Pairing::new(
                    code(&format!("{prefix}-{made:04}")),
                    kind,
                    party(&a),
                    party(&b),
                    start,
                    end,
                )
                .expect("a valid school pairing"),
            );
        }
    }
    out
}

pub(super) fn side_of(areas: &[Area], area: &Code) -> Side {
    areas
        .iter()
        .find(|a| a.code() == area)
        .map_or(Side::Supported, Area::side)
}

/// Targets for each year, project and measure (and per poor county for rural
/// teachers trained), at 80% to 120% of what the stream is expected to give;
/// two milestones a project a year, most done on time, some late, some not.
pub(super) fn plan(
    p: &Programme,
    opts: &GenerateOptions,
    rng: &mut SplitMix64,
) -> Result<Plan, Error> {
    let t = Tables::new(p, opts)?;
    let fixes = u64::from(opts.corrections_per_mille + opts.reversals_per_mille);
    let originals = opts.entries - opts.entries * fixes / 1000;
    let per_year = originals / u64::from(opts.years);
    let mut targets = Vec::new();
    let mut milestones = Vec::new();
    let last = t.last_day;
    // The expected yearly total of a project's measure (in one area, or in
    // all), in base units, at 80% to 120%.
    let target = |pp: &ProjectPlan, k: usize, area: Option<usize>, rng: &mut SplitMix64| {
        let (pn, pd) = t.project_pick.probability(pp.position);
        let (mn, md) = pp.pick.probability(k);
        let (an, ad) = area.map_or((1, 1), |a| t.area_pick.probability(a));
        let m = pp.measures[k];
        let expected =
            u128::from(per_year) * u128::from(pn * mn * an) * t.measures[m].mean(pp.big_funds)
                / u128::from(pd * md * ad).max(1);
        let units = expected * (800 + u128::from(rng.below(401))) / 1000;
        let units = i64::try_from(units).unwrap_or(i64::MAX).max(1);
        if t.measures[m].money {
            Decimal::from(units / 100)
        } else {
            Decimal::from(units)
        }
    };
    for year in (opts.start_year..).take(opts.years as usize) {
        for pp in &t.projects {
            let project = &p.projects()[pp.index];
            for (k, &m) in pp.measures.iter().enumerate() {
                targets.push(Target::new(
                    year,
                    project.code().clone(),
                    None,
                    p.measures()[m].code().clone(),
                    None,
                    target(pp, k, None, rng),
                )?);
                // Rural teachers trained: also a target per poor county.
                if pp.code == "rural-teachers"
                    && p.measures()[m].code().as_str() == "people-trained"
                {
                    for (position, &a) in t.areas.iter().enumerate() {
                        if p.areas()[a].poverty() == PovertyStatus::NotPoor {
                            continue;
                        }
                        targets.push(Target::new(
                            year,
                            project.code().clone(),
                            Some(p.areas()[a].code().clone()),
                            p.measures()[m].code().clone(),
                            None,
                            target(pp, k, Some(position), rng),
                        )?);
                    }
                }
            }
            for (k, (month, zh, en)) in [
                (6, "上半年任务", "first-half tasks"),
                (12, "全年任务", "year's tasks"),
            ]
            .into_iter()
            .enumerate()
            {
                let due = ymd(year, month, 25);
                let done = if due > last {
                    None
                } else {
                    match rng.below(10) {
                        0..=7 => Some(due - Days::new(rng.below(30))),
                        8 => Some(add_days(due, 1 + rng.below(60))),
                        _ => None,
                    }
                };
                milestones.push(Milestone::new(
                    code(&format!("m-{year}-{}-{}", project.code(), k + 1)),
                    project.code().clone(),
                    name(
                        &format!("{year}年{}{zh}", project.name().zh()),
                        &format!("{year} {} {en}", project.name().en()),
                    ),
                    due,
                    project.owner().to_owned(),
                    done,
                )?);
            }
        }
    }
    Ok(Plan::new(targets, milestones))
}
