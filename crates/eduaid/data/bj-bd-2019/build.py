#!/usr/bin/env python3
"""Builds the Beijing-Baoding 2019 dataset: `programme.json` and `ledger.csv`.

Deterministic (seeded): running it again writes the same bytes. The figures the
2019 article states are reached by construction and asserted at the end; the
Rust figure tests (`crates/eduaid/tests/figures/`) check them again through the
library. See README.md for what is from the article and what is illustrative.

Usage: python3 build.py   (writes next to this file; needs `pip install xxhash`)
"""

import csv
import datetime as dt
import io
import json
import os
import random
from collections import defaultdict
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
CANONICAL = os.path.join(HERE, "..", "canonical-1215.json")
AS_OF = dt.date(2019, 11, 25)  # last statistics cutoff of the dataset
rng = random.Random(20191125)

# --------------------------------------------------------------------------
# Areas
# --------------------------------------------------------------------------

DISTRICTS = [  # code, zh, en, short
    ("dongcheng", "东城区", "Dongcheng District", "dc"),
    ("xicheng", "西城区", "Xicheng District", "xc"),
    ("chaoyang", "朝阳区", "Chaoyang District", "cy"),
    ("haidian", "海淀区", "Haidian District", "hd"),
    ("fengtai", "丰台区", "Fengtai District", "ft"),
    ("shijingshan", "石景山区", "Shijingshan District", "sjs"),
    ("mentougou", "门头沟区", "Mentougou District", "mtg"),
    ("fangshan", "房山区", "Fangshan District", "fs"),
    ("tongzhou", "通州区", "Tongzhou District", "tz"),
    ("shunyi", "顺义区", "Shunyi District", "sy"),
    ("changping", "昌平区", "Changping District", "cp"),
    ("daxing", "大兴区", "Daxing District", "dx"),
    ("huairou", "怀柔区", "Huairou District", "hr"),
    ("pinggu", "平谷区", "Pinggu District", "pg"),
    ("miyun", "密云区", "Miyun District", "my"),
    ("yanqing", "延庆区", "Yanqing District", "yq"),
]

# The 8 poor counties of Baoding that take part in training. Poverty status:
# Fuping and Laiyuan deeply poor, the others poor (illustrative, see README).
COUNTIES = [  # code, zh, en, short, poverty
    ("fuping", "阜平县", "Fuping County", "fp", "deeply-poor"),
    ("laiyuan", "涞源县", "Laiyuan County", "ly", "deeply-poor"),
    ("yixian", "易县", "Yi County", "yx", "poor"),
    ("laishui", "涞水县", "Laishui County", "ls", "poor"),
    ("shunping", "顺平县", "Shunping County", "sp", "poor"),
    ("tangxian", "唐县", "Tang County", "tx", "poor"),
    ("quyang", "曲阳县", "Quyang County", "qy", "poor"),
    ("wangdu", "望都县", "Wangdu County", "wd", "poor"),
]
SHANXI = [
    ("wutai", "五台县", "Wutai County", "wt", "poor"),
    ("fanshi", "繁峙县", "Fanshi County", "fsh", "poor"),
]
# District-county pairings (对口区县): illustrative assignment.
DISTRICT_OF = {
    "fuping": "haidian",
    "laiyuan": "xicheng",
    "yixian": "chaoyang",
    "laishui": "dongcheng",
    "shunping": "fengtai",
    "tangxian": "changping",
    "quyang": "daxing",
    "wangdu": "shunyi",
}
COUNTY_CODES = [c[0] for c in COUNTIES]
DEEP = {c[0] for c in COUNTIES + SHANXI if c[4] == "deeply-poor"}
ZH = {c[0]: c[1] for c in DISTRICTS + COUNTIES + SHANXI}


def areas():
    out = [
        {"code": "beijing", "name": {"zh": "北京市", "en": "Beijing"}, "kind": "region", "side": "supporting"},
        {"code": "baoding", "name": {"zh": "河北省保定市", "en": "Baoding, Hebei"}, "kind": "region", "side": "supported"},
        {"code": "xinzhou", "name": {"zh": "山西省忻州市", "en": "Xinzhou, Shanxi"}, "kind": "region", "side": "supported"},
    ]
    for code, zh, en, _ in DISTRICTS:
        out.append({"code": code, "name": {"zh": zh, "en": en}, "kind": "district", "parent": "beijing", "side": "supporting"})
    for code, zh, en, _, pov in COUNTIES:
        out.append({"code": code, "name": {"zh": zh, "en": en}, "kind": "county", "parent": "baoding", "side": "supported", "poverty": pov})
    for code, zh, en, _, pov in SHANXI:
        out.append({"code": code, "name": {"zh": zh, "en": en}, "kind": "county", "parent": "xinzhou", "side": "supported", "poverty": pov})
    return out


# --------------------------------------------------------------------------
# Schools
# --------------------------------------------------------------------------

CN_NUM = "零一二三四五六七八九十"

# Baoding: 13 paired schools per county (14 in Fuping), every stage present.
BD_KINDS = [  # kind, stages, zh pattern, en pattern
    ("k", ["preschool"], "{c}第{n}幼儿园", "{C} Kindergarten No. {i}"),
    ("k", ["preschool"], "{c}第{n}幼儿园", "{C} Kindergarten No. {i}"),
    ("p", ["primary"], "{c}第{n}小学", "{C} Primary School No. {i}"),
    ("p", ["primary"], "{c}第{n}小学", "{C} Primary School No. {i}"),
    ("p", ["primary"], "{c}第{n}小学", "{C} Primary School No. {i}"),
    ("p", ["primary"], "{c}第{n}小学", "{C} Primary School No. {i}"),
    ("n", ["primary", "junior-secondary"], "{c}实验学校", "{C} Experimental School (nine-year)"),
    ("j", ["junior-secondary"], "{c}第{n}初级中学", "{C} Junior Middle School No. {i}"),
    ("j", ["junior-secondary"], "{c}第{n}初级中学", "{C} Junior Middle School No. {i}"),
    ("h", ["senior-secondary"], "{c}第{n}中学", "{C} Senior High School No. {i}"),
    ("h", ["senior-secondary"], "{c}第{n}中学", "{C} Senior High School No. {i}"),
    ("v", ["vocational"], "{c}职业技术教育中心", "{C} Vocational Education Centre"),
    ("s", ["special-education"], "{c}特殊教育学校", "{C} Special Education School"),
]

BJ_KINDS = [
    ("p", ["primary"], "北京市{c}第{n}小学", "{C} Primary School No. {i}, Beijing"),
    ("m", ["junior-secondary", "senior-secondary"], "北京市{c}第{n}中学", "{C} Middle School No. {i}, Beijing"),
    ("k", ["preschool"], "北京市{c}第{n}幼儿园", "{C} Kindergarten No. {i}, Beijing"),
    ("p", ["primary"], "北京市{c}第{n}小学", "{C} Primary School No. {i}, Beijing"),
    ("m", ["junior-secondary", "senior-secondary"], "北京市{c}第{n}中学", "{C} Middle School No. {i}, Beijing"),
    ("v", ["vocational"], "北京市{c}职业学校", "{C} Vocational School, Beijing"),
    ("s", ["special-education"], "北京市{c}培智学校", "{C} Special School, Beijing"),
    ("p", ["primary"], "北京市{c}第{n}小学", "{C} Primary School No. {i}, Beijing"),
    ("m", ["junior-secondary", "senior-secondary"], "北京市{c}第{n}中学", "{C} Middle School No. {i}, Beijing"),
    ("j", ["junior-secondary"], "北京市{c}第{n}初级中学", "{C} Junior Middle School No. {i}, Beijing"),
]


def school(code, zh, en, area, stages):
    return {"code": code, "name": {"zh": zh, "en": en}, "area": area, "stages": stages}


def baoding_schools():
    out = []
    for code, zh, en, short, _ in COUNTIES:
        kinds = list(BD_KINDS)
        if code == "fuping":
            kinds.append(BD_KINDS[2])  # a fifth primary school
        seen = defaultdict(int)
        for kind, stages, pzh, pen in kinds:
            seen[kind] += 1
            i = seen[kind]
            name_zh = pzh.format(c=zh, n=CN_NUM[i])
            name_en = pen.format(C=en.replace(" County", ""), i=i)
            if code == "fuping" and kind == "v":
                name_zh, name_en = "阜平县职教中心", "Fuping Vocational Education Centre"
            out.append(school(f"bd-{short}-{kind}{i}", name_zh, name_en, code, stages))
    return out


def beijing_schools(n_total):
    # 8 schools in each paired district, 15 spread over the other 8 districts.
    paired = [DISTRICT_OF[c] for c in COUNTY_CODES]
    others = [d[0] for d in DISTRICTS if d[0] not in paired]
    counts = {d: 8 for d in paired}
    for i in range(n_total - 64):
        counts[others[i % len(others)]] = counts.get(others[i % len(others)], 0) + 1
    info = {d[0]: d for d in DISTRICTS}
    out = []
    for d in paired + others:
        _, zh, en, short = info[d]
        seen = defaultdict(int)
        for k in range(counts.get(d, 0)):
            kind, stages, pzh, pen = BJ_KINDS[k % len(BJ_KINDS)]
            seen[kind] += 1
            i = seen[kind]
            out.append(school(
                f"bj-{short}-{kind}{i}",
                pzh.format(c=zh, n=CN_NUM[i] if i <= 10 else str(i)),
                pen.format(C=en.replace(" District", ""), i=i),
                d,
                stages,
            ))
    return out


# --------------------------------------------------------------------------
# Pairings
# --------------------------------------------------------------------------

def d(s):
    return dt.date.fromisoformat(s)


def rand_date(lo, hi, prefer_cutoff=0.15):
    """A date in [lo, hi]; now and then the 25th or 26th, around the cutoff."""
    lo, hi = d(lo) if isinstance(lo, str) else lo, d(hi) if isinstance(hi, str) else hi
    span = (hi - lo).days
    day = lo + dt.timedelta(days=rng.randint(0, span))
    if rng.random() < prefer_cutoff:
        try:
            alt = day.replace(day=rng.choice([25, 26]))
            if lo <= alt <= hi:
                day = alt
        except ValueError:
            pass
    return day


def build_pairings(bd, bj):
    by_county = defaultdict(list)
    for s in bd:
        by_county[s["area"]].append(s["code"])
    # Jointly run schools: 10 Baoding schools (an experimental school in each
    # county, and a primary school in Fuping and Laiyuan).
    joint_bd = []
    for c in COUNTY_CODES:
        short = next(x[3] for x in COUNTIES if x[0] == c)
        joint_bd.append(f"bd-{short}-n1")
    joint_bd += ["bd-fp-p5", "bd-ly-p4"]
    rest = {c: [s for s in by_county[c] if s not in joint_bd] for c in COUNTY_CODES}
    # School-to-school: the remaining 95 schools in 60 groups of 1 to 3 schools
    # of one county, plus one school paired twice (61 pairings).
    groups_per_county = {c: 0 for c in COUNTY_CODES}
    total_groups = 60
    for i in range(total_groups):
        groups_per_county[COUNTY_CODES[i % 8]] += 1  # 8 x 7 + 4 -> 8,8,8,8,7,7,7,7
    groups = []
    for c in COUNTY_CODES:
        schools = list(rest[c])
        rng.shuffle(schools)
        g = groups_per_county[c]
        sizes = [1] * g
        extra = len(schools) - g
        while extra > 0:
            k = rng.randrange(g)
            if sizes[k] < 3 and (sizes[k] < 2 or rng.random() < 0.1):
                sizes[k] += 1
                extra -= 1
        pos = 0
        for size in sizes:
            groups.append((c, schools[pos:pos + size]))
            pos += size
    twice = groups[3][1][0]  # this school is also paired with a second Beijing school
    groups.append((groups[3][0], [twice]))
    assert len(groups) == 61

    # Beijing parties, taken in county order from the paired district first.
    bj_by_district = defaultdict(list)
    for s in bj:
        bj_by_district[s["area"]].append(s["code"])
    paired_districts = set(DISTRICT_OF.values())
    spare = [s["code"] for s in bj if s["area"] not in paired_districts]
    supported_parties = [(c, g, "school-to-school") for c, g in groups] + [
        (next(s["area"] for s in bd if s["code"] == x), [x], "joint-school") for x in joint_bd
    ]
    supported_parties.sort(key=lambda p: (COUNTY_CODES.index(p[0]), p[2]))
    # 71 parties from 79 schools: 10 groups of two, 2 schools in two pairings.
    doubles = set(rng.sample(range(71), 10))
    queue = []
    for c in COUNTY_CODES:
        queue += bj_by_district[DISTRICT_OF[c]]
    queue += spare
    assert len(queue) == 79
    bj_parties = []
    used = []
    qi = 0
    reuse_at = set(rng.sample([i for i in range(71) if i not in doubles], 2))
    for i in range(71):
        if i in reuse_at and used:
            bj_parties.append([used[rng.randrange(len(used))]])
            continue
        size = 2 if i in doubles else 1
        party = queue[qi:qi + size]
        qi += size
        used += party
        bj_parties.append(party)
    # Any Beijing school still unused joins the last parties.
    k = 70
    while qi < len(queue):
        if queue[qi] not in bj_parties[k]:
            bj_parties[k].append(queue[qi])
            qi += 1
        k -= 1

    out = []
    n_ss = n_js = 0
    for (county, bd_party, kind), bj_party in zip(supported_parties, bj_parties):
        if kind == "school-to-school":
            n_ss += 1
            code = f"ss-{n_ss:03d}"
            start = rand_date("2016-09-01", "2019-03-31", 0)
        else:
            n_js += 1
            code = f"js-{n_js:02d}"
            start = rand_date("2017-03-01", "2018-09-01", 0).replace(day=1)
        out.append({
            "code": code, "kind": kind,
            "supporting": {"schools": bj_party}, "supported": {"schools": bd_party},
            "start": start.isoformat(),
        })
    # Two school-to-school pairings that ended in 2017 and were replaced: their
    # Baoding schools are paired again above; one Beijing school (bj-ended) has
    # no pairing in force any more.
    out.append({
        "code": "ss-x01", "kind": "school-to-school",
        "supporting": {"schools": ["bj-ended"]}, "supported": {"schools": [groups[0][1][0]]},
        "start": "2016-05-01", "end": "2017-08-31",
    })
    out.append({
        "code": "ss-x02", "kind": "school-to-school",
        "supporting": {"schools": [bj_parties[5][0]]}, "supported": {"schools": [groups[9][1][0]]},
        "start": "2016-05-01", "end": "2017-06-30",
    })
    for c in COUNTY_CODES:
        out.append({
            "code": f"dc-{c}", "kind": "district-county",
            "supporting": {"area": DISTRICT_OF[c]}, "supported": {"area": c},
            "start": "2016-04-01",
        })
    return out


# --------------------------------------------------------------------------
# Ledger
# --------------------------------------------------------------------------

ROWS = []
IDS = set()


def add(id_, date, project, area, measure, value, breakdown="", school="", pairing="", source="", corrects=""):
    assert id_ not in IDS, id_
    assert date <= AS_OF, (id_, date)
    IDS.add(id_)
    ROWS.append({
        "id": id_, "date": date.isoformat(), "project": project, "area": area,
        "school": school, "pairing": pairing, "measure": measure, "breakdown": breakdown,
        "value": value, "source": source, "corrects": corrects,
    })


def split(total, n, lo=1):
    """`total` as `n` random integers of at least `lo`, in order."""
    assert total >= n * lo
    cuts = sorted(rng.sample(range(1, total - n * lo + n), n - 1))
    parts = [b - a - 1 + lo for a, b in zip([0] + cuts, cuts + [total - n * lo + n])]
    assert sum(parts) == total and min(parts) >= lo
    return parts


def money(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def fen_parts(total_fen, n):
    """Money split into `n` parts, each a whole 100 yuan except the last."""
    units = split(total_fen // 10000, n)
    parts = [u * 10000 for u in units]
    parts[-1] += total_fen - sum(parts)
    return parts


def stat_year(day):
    # Statistics months close on the 25th: 26 December belongs to next year.
    return day.year + 1 if (day.month == 12 and day.day > 25) else day.year


def build_ledger(bd, pairings):
    school_area = {s["code"]: s["area"] for s in bd}
    studio_hosts = ["bd-fp-h1", "bd-ly-h1", "bd-yx-k1", "bd-fp-j1", "bd-qy-p1", "bd-tx-h1", "bd-sp-j1"]

    # ---- P1 principal studios: 7 studios (host schools), 33 activities,
    # 4,6xx trained, 1,145,000.00 yuan of paired-assistance funds.
    acts = split(33, 7)
    trained = split(4637, 33, lo=60)
    funds = fen_parts(114_500_000, 33)
    k = 0
    for host, n_act in zip(studio_hosts, acts):
        area = school_area[host]
        for j in range(n_act):
            day = rand_date("2017-03-01", "2019-11-20", 0.3)
            aid = f"p1-{k + 1:03d}"
            add(f"{aid}-act", day, "principal-studios", area, "activities", "1", school=host)
            local = trained[k] if j % 4 else trained[k] - 40
            add(f"{aid}-tr-l", day, "principal-studios", area, "people-trained", str(local), "local", school=host)
            if j % 4 == 0:
                add(f"{aid}-tr-b", day, "principal-studios", area, "people-trained", "40", "in-beijing", school=host)
            bd_ = "deep-poverty-area" if area in DEEP else "general"
            add(f"{aid}-pay", day, "principal-studios", area, "funds", money(funds[k]), bd_, school=host, source="paired-assistance")
            k += 1

    # ---- P2 rural teachers: 19 sessions; 5,240 trained locally + 518 in
    # Beijing from the 8 counties; 131 teachers sent; 3,291 pupils aided.
    sessions = []
    local_sessions = 15
    local_parts = split(5240, local_sessions, lo=200)
    for i in range(local_sessions):
        c = COUNTY_CODES[i % 8]
        day = rand_date(f"{2016 + i % 4}-03-01", f"{2016 + i % 4}-11-25", 0.3)
        sessions.append(("local", c, day, local_parts[i]))
    beijing_parts = split(518, 4 * 8, lo=8)
    for i in range(4):
        day = rand_date(f"{2016 + i}-04-01", f"{2016 + i}-10-31", 0.3)
        sessions.append(("in-beijing", None, day, beijing_parts[i * 8:(i + 1) * 8]))
    sessions.sort(key=lambda s: s[2])
    adjusted = False
    for n, (where, c, day, people) in enumerate(sessions, 1):
        sid = f"p2-s{n:02d}"
        host = c if where == "local" else COUNTY_CODES[n % 8]
        add(f"{sid}", day, "rural-teachers", host, "training-sessions", "1")
        if where == "local":
            if not adjusted and people > 300:
                # Reported 12 too many at first; adjusted at the next cutoff.
                add(f"{sid}-tr", day, "rural-teachers", c, "people-trained", str(people + 12), "local")
                fix = day + dt.timedelta(days=20)
                add(f"{sid}-tr-adj", fix, "rural-teachers", c, "people-trained", "-12", "local", corrects=f"{sid}-tr")
                adjusted = True
            else:
                add(f"{sid}-tr", day, "rural-teachers", c, "people-trained", str(people), "local")
        else:
            for cc, p in zip(COUNTY_CODES, people):
                add(f"{sid}-tr-{cc}", day, "rural-teachers", cc, "people-trained", str(p), "in-beijing")
    assert adjusted
    sent = split(131, 8 * 3, lo=2)
    k = 0
    for c in COUNTY_CODES:
        for y in (2017, 2018, 2019):
            day = rand_date(f"{y}-02-26", f"{y}-11-25", 0.3)
            add(f"p2-sent-{c}-{y}", day, "rural-teachers", c, "teachers-sent", str(sent[k]), pairing=f"dc-{c}")
            k += 1
    aided = split(3291, 8 * 4, lo=30)
    k = 0
    for c in COUNTY_CODES:
        for y in (2016, 2017, 2018, 2019):
            day = rand_date(f"{y}-03-01", f"{y}-10-25", 0.3)
            add(f"p2-aid-{c}-{y}", day, "rural-teachers", c, "pupils-aided", str(aided[k]), pairing=f"dc-{c}")
            add(f"p2-aid-{c}-{y}-pay", day, "rural-teachers", c, "funds", money(aided[k] * 50_000),
                "poor-pupil", pairing=f"dc-{c}", source="paired-assistance")
            k += 1

    # ---- P3 vocational zone: 5,560 placed, 3,058 from registered poor
    # households, over the 8 counties and Wutai and Fanshi.
    zone = COUNTY_CODES + ["wutai", "fanshi"]
    batches = [(y, m) for y in (2016, 2017, 2018, 2019) for m in (7, 12)][1:]  # 7 batches from Dec 2016
    poor = split(3058, len(zone) * len(batches), lo=10)
    other = split(5560 - 3058, len(zone) * len(batches), lo=10)
    k = 0
    for y, m in batches:
        for c in zone:
            day = dt.date(y, m, 26 if m == 7 else 20) if (y, m) != (2019, 12) else dt.date(2019, 11, 20)
            bid = f"p3-{y}{m:02d}-{c}"
            if bid == "p3-201807-yixian":
                # A head-count adjusted: 5 placements counted twice, then removed.
                add(f"{bid}-rp", day, "vocational-zone", c, "placements", str(poor[k] + 5), "registered-poor")
                add(f"{bid}-rp-adj", day + dt.timedelta(days=30), "vocational-zone", c, "placements", "-5",
                    "registered-poor", corrects=f"{bid}-rp")
            else:
                add(f"{bid}-rp", day, "vocational-zone", c, "placements", str(poor[k]), "registered-poor")
            add(f"{bid}-ot", day, "vocational-zone", c, "placements", str(other[k]), "other")
            k += 1
    voc_funds = fen_parts(82_460_000, 10)
    for i, c in enumerate(zone):
        day = rand_date("2017-04-01", "2019-09-25", 0.3)
        add(f"p3-pay-{c}", day, "vocational-zone", c, "funds", money(voc_funds[i]), "poor-household",
            school="bd-fp-v1" if c == "fuping" else "", source="jing-ji-cooperation")

    # ---- P4 retired principals (Fuping, two rounds since 2016) and student
    # volunteers (300+).
    fp_schools = [s["code"] for s in bd if s["area"] == "fuping" and s["code"] != "bd-fp-v1"]
    rounds = [("r1", "2016-09-05", "2016-12-23"), ("r2", "2017-09-04", "2017-12-22")]
    for measure, short, total in (("lessons-observed", "obs", 683), ("lessons-taught", "taught", 77),
                                  ("research-sessions", "res", 105), ("extracurricular-activities", "extra", 65)):
        parts = split(total, 2 * 8, lo=1)
        k = 0
        for r, lo_, hi_ in rounds:
            for m in range(8):
                sch = fp_schools[(m + (r == "r2") * 3) % len(fp_schools)]
                day = rand_date(lo_, hi_, 0.3)
                add(f"p4-{r}-{short}-{m + 1}", day, "retired-principals", "fuping", measure,
                    str(parts[k]), school=sch)
                k += 1
    vols = split(312, 12, lo=10)
    k = 0
    for y in (2016, 2017, 2018, 2019):
        for c in ("fuping", "laiyuan", "quyang"):
            day = rand_date(f"{y}-09-01", f"{y}-10-25", 0.3)
            add(f"p4-vol-{y}-{c}", day, "retired-principals", c, "volunteers", str(vols[k]))
            k += 1
    for y, amount in ((2016, 8_650_000), (2017, 9_120_000), (2018, 7_430_000), (2019, 6_980_000)):
        add(f"p4-pay-{y}", d(f"{y}-10-26"), "retired-principals", "fuping", "funds", money(amount),
            "deep-poverty-area", source="paired-assistance")

    # ---- P5 study visits: 130 students in 2018 and 2019.
    visit = split(130, 2 * 8, lo=4)
    k = 0
    for y, day in ((2018, d("2018-07-16")), (2019, d("2019-07-15"))):
        for c in COUNTY_CODES:
            add(f"p5-{y}-{c}", day, "study-visits", c, "study-visit-students", str(visit[k]))
            add(f"p5-{y}-{c}-pay", day, "study-visits", c, "funds", money(visit[k] * 300_000), "poor-pupil",
                source="jing-ji-cooperation")
            k += 1

    # ---- Pupils' health care: check-ups and treatment (Beijing-Hebei
    # cooperation funds), nutritious meals (social capital).
    for y in (2017, 2018, 2019):
        for c in COUNTY_CODES:
            n = rng.randint(150, 420)
            day = rand_date(f"{y}-04-01", f"{y}-06-25", 0.3)
            add(f"ph-{y}-{c}", day, "pupil-health", c, "pupils-aided", str(n))
            add(f"ph-{y}-{c}-pay", day, "pupil-health", c, "funds", money(n * 18_000), "poor-pupil",
                source="jing-ji-cooperation")
            add(f"ph-{y}-{c}-meal", day + dt.timedelta(days=10), "pupil-health", c, "funds",
                money(rng.randint(200, 500) * 10_000), "poor-pupil", source="social-capital")

    # ---- School-to-school collaboration: activities per pairing in force.
    for p in pairings:
        if p["kind"] == "district-county":
            continue
        start = d(p["start"])
        end = d(p["end"]) if "end" in p else AS_OF
        target = p["supported"]["schools"][0]
        c = school_area[target]
        for j in range(rng.randint(2, 4)):
            day = rand_date(start + dt.timedelta(days=20), end, 0.3)
            if day > end:
                continue
            pid = f"sc-{p['code']}-{j + 1}"
            add(f"{pid}", day, "school-collaboration", c, "activities", "1", school=target, pairing=p["code"])
            add(f"{pid}-tr", day, "school-collaboration", c, "people-trained", str(rng.randint(12, 60)), "local",
                school=target, pairing=p["code"])
            if j == 0:
                add(f"{pid}-sent", day, "school-collaboration", c, "teachers-sent", str(rng.randint(1, 4)),
                    school=target, pairing=p["code"])
        add(f"sc-{p['code']}-pay", start + dt.timedelta(days=45), "school-collaboration", c, "funds",
            money(rng.randint(40, 120) * 10_000), "general", school=target, pairing=p["code"], source="paired-assistance")

    # ---- School conditions: 40+ million yuan since 2016 (Beijing-Hebei
    # cooperation funds), equipment for 170+ schools.
    per_year = {2016: 784_215_350, 2017: 1_002_650_000, 2018: 1_108_431_275, 2019: 1_143_348_492}
    equipped = split(176, 4 * 8, lo=2)
    k = 0
    dup_done = False
    for y, total in per_year.items():
        parts = fen_parts(total, 8)
        for c, amount in zip(COUNTY_CODES, parts):
            pays = fen_parts(amount, 3)
            for j, a in enumerate(pays):
                day = rand_date(f"{y}-03-01", f"{y}-11-25", 0.35)
                if c in DEEP:
                    bd_ = "deep-poverty-area"
                else:
                    bd_ = "general" if j == 2 and c in ("laishui", "wangdu") else "poor-village"
                pid = f"cond-{y}-{c}-{j + 1}"
                add(pid, day, "school-conditions", c, "funds", money(a), bd_, source="jing-ji-cooperation")
                if not dup_done and y == 2018 and c == "tangxian":
                    # The same invoice entered twice; the duplicate is reversed.
                    add(f"{pid}-dup", day, "school-conditions", c, "funds", money(a), bd_, source="jing-ji-cooperation")
                    add(f"{pid}-dup-rev", day + dt.timedelta(days=12), "school-conditions", c, "funds",
                        "-" + money(a), bd_, source="jing-ji-cooperation", corrects=f"{pid}-dup")
                    dup_done = True
            day = rand_date(f"{y}-08-01", f"{y}-11-25", 0.35)
            add(f"cond-{y}-{c}-eq", day, "school-conditions", c, "schools-equipped", str(equipped[k]))
            k += 1

    # ---- Talent training by teacher category.
    cats = ["principals", "special-grade", "young", "moral-education", "backbone", "head-teachers", "special-education"]
    for y in (2017, 2018, 2019):
        for i, cat in enumerate(cats):
            c = COUNTY_CODES[(i + y) % 8]
            day = rand_date(f"{y}-03-01", f"{y}-11-25", 0.3)
            tid = f"tt-{y}-{cat}"
            add(tid, day, "talent-training", c, "training-sessions", "1")
            add(f"{tid}-tr", day, "talent-training", c, "people-trained", str(rng.randint(40, 160)), "local")
            add(f"{tid}-pay", day, "talent-training", c, "funds", money(rng.randint(3, 9) * 1_000_000), "general",
                source="paired-assistance")

    # ---- Coordination: 28 dockings, 9 of them research visits by Beijing's
    # leaders; 57,000 people out of poverty by county and year.
    kinds = ["research-visit"] * 9 + ["other"] * 19
    rng.shuffle(kinds)
    days = sorted(rand_date("2016-03-01", "2019-11-20", 0.3) for _ in kinds)
    for n, (kind, day) in enumerate(zip(kinds, days), 1):
        c = COUNTY_CODES[n % 8]
        add(f"dock-{n:02d}", day, "coordination", c, "dockings", "1", kind)
    out_parts = split(57000, 4 * 10, lo=300)
    k = 0
    for y in (2016, 2017, 2018, 2019):
        for c in zone:
            add(f"pov-{y}-{c}", d(f"{y}-11-25"), "coordination", c, "people-out-of-poverty", str(out_parts[k]))
            k += 1


# --------------------------------------------------------------------------
# Programme
# --------------------------------------------------------------------------

def programme(bd, bj, pairings):
    canon = json.load(open(CANONICAL, encoding="utf-8"))
    extra_schools = [
        school("bj-ended", "北京市海淀区第十一小学", "Haidian Primary School No. 11, Beijing", "haidian", ["primary"]),
        school("sx-wt-v1", "五台县职业中学", "Wutai Vocational School", "wutai", ["vocational"]),
        school("sx-fsh-v1", "繁峙县职业中学", "Fanshi Vocational School", "fanshi", ["vocational"]),
    ]
    p = {
        "format": "eduaid-programme/1",
        "code": "jing-bao-1215-2019",
        "name": {"zh": "京保教育扶贫协作（2019年）", "en": "Beijing-Baoding education cooperation (2019)"},
        "cutoff_day": 25,
        "framework": canon["framework"],
        "projects": canon["projects"],
        "canonical_measures": True,
        "sources": canon["sources"],
        "areas": areas(),
        "schools": bj + bd + extra_schools,
        "pairings": pairings,
        "plan": {
            "targets": [
                {"year": 2019, "project": "rural-teachers", "measure": "people-trained", "value": "1400"},
                {"year": 2019, "project": "rural-teachers", "measure": "training-sessions", "value": "5"},
                {"year": 2019, "project": "vocational-zone", "measure": "placements", "breakdown": "registered-poor", "value": "800"},
                {"year": 2019, "project": "study-visits", "measure": "study-visit-students", "value": "65"},
                {"year": 2019, "project": "school-conditions", "measure": "schools-equipped", "value": "45"},
                {"year": 2019, "project": "school-conditions", "measure": "funds", "value": "11000000"},
                {"year": 2019, "project": "coordination", "area": "fuping", "measure": "people-out-of-poverty", "value": "1500"},
            ],
            "milestones": [
                {"code": "m-2019-01", "project": "coordination", "title": {"zh": "印发2019年教育扶贫协作项目任务表", "en": "Issue the 2019 task table"}, "due": "2019-03-25", "owner": "北京市教委", "done": "2019-03-18"},
                {"code": "m-2019-02", "project": "study-visits", "title": {"zh": "第二批职教学生赴京访学", "en": "Second study visit to Beijing"}, "due": "2019-07-25", "owner": "保定市教育局职成科", "done": "2019-07-15"},
                {"code": "m-2019-03", "project": "school-conditions", "title": {"zh": "年度教学设备采购完成", "en": "Year's equipment purchased"}, "due": "2019-10-25", "owner": "保定市教育局", "done": "2019-10-24"},
                {"code": "m-2019-04", "project": "rural-teachers", "title": {"zh": "秋季送教下乡培训结束", "en": "Autumn training in the counties finished"}, "due": "2019-12-25", "owner": "首都师范大学"},
            ],
        },
        # Monthly returns of school collaboration from the 8 Baoding counties
        # (`eduaid completeness`): recorded dates are kept from 2019 on.
        "duties": [
            {"project": "school-collaboration", "areas": COUNTIES_8, "from": "2019-01"},
        ],
        "rules": [
            {"code": "poor-placements-within-total", "name": {"zh": "建档立卡学生不超过安置总数", "en": "registered-poor placements within all placements"},
             "left": {"measure": "placements", "breakdown": "registered-poor"}, "op": "<=", "right": {"measure": "placements"}, "by": ["project", "area", "year"]},
            {"code": "research-visits-within-dockings", "left": {"measure": "dockings", "breakdown": "research-visit"}, "op": "<=",
             "right": {"measure": "dockings"}, "by": []},
        ],
    }
    return p


# --------------------------------------------------------------------------
# Recorded dates and the monthly close (the monthly close)
# --------------------------------------------------------------------------

# The 8 poor Baoding counties, which owe monthly returns.
COUNTIES_8 = ["fuping", "laiyuan", "yixian", "laishui", "shunping", "tangxian", "quyang", "wangdu"]
CUTOFF = 25
CLOSED_BY = "京保教育扶贫协作办公室"
# Recorded dates use their own generator: the entries stay as they were.
rng_rec = random.Random(20191125 + 7)


def stat_month(day):
    """(year, month) of the statistics month a date belongs to."""
    y, m = day.year, day.month
    if day.day > CUTOFF:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return y, m


def cutoff_day(month):
    return dt.date(month[0], month[1], CUTOFF)


def add_recorded():
    """Entries of the statistics months January to November 2019 get the day
    they were entered: most within three days and by the cutoff; about one
    return in eight (a project, area and month) is late, all its entries
    entered up to 8 days after the cutoff; November's all on time. The
    entries before 2019 have none (kept on paper then)."""
    late = {}
    for r in ROWS:
        day = d(r["date"])
        month = stat_month(day)
        rec = ""
        if month[0] == 2019 and month[1] <= 11:
            c = cutoff_day(month)
            key = (r["project"], r["area"], month)
            if key not in late:
                late[key] = month[1] < 11 and rng_rec.random() < 0.125
            if late[key]:
                rec = c + dt.timedelta(days=rng_rec.randint(1, 8))
            else:
                rec = min(day + dt.timedelta(days=rng_rec.randint(0, 3)), c)
            rec = rec.isoformat()
        r["recorded"] = rec


MONEY = {"funds"}
FIELDS = ["id", "date", "project", "area", "school", "pairing", "measure",
          "breakdown", "value", "source", "corrects", "recorded"]


def canonical_value(r):
    v = Decimal(r["value"])
    return f"{v:.2f}" if r["measure"] in MONEY else str(int(v))


def close_log():
    """The close log of January to November 2019, computed here from the
    canonical form `eduaid` documents (so the Rust tests check one
    implementation against the other): month M closes 10 days after its
    cutoff (November on its cutoff day), every month before it sealed too."""
    import hashlib
    import xxhash  # pip install xxhash: the fingerprint, XXH3-128
    sums = defaultdict(lambda: [0, 0, 0])
    for r in ROWS:
        f = dict(r, value=canonical_value(r))
        line = ("\t".join(f[k] for k in FIELDS) + "\n").encode("utf-8")
        h = int.from_bytes(hashlib.sha256(line).digest(), "big")
        s = sums[stat_month(d(r["date"]))]
        s[0] += 1
        s[1] = (s[1] + xxhash.xxh3_128_intdigest(line)) % (1 << 128)
        s[2] = (s[2] + h) % (1 << 256)
    lines, prev = [], None
    for m in range(1, 12):
        month = (2019, m)
        date = cutoff_day(month) + dt.timedelta(days=0 if m == 11 else 10)
        sealed = {k: v for k, v in sorted(sums.items()) if k <= month}
        text = "".join(f"{y:04d}-{mm:02d} {n} {f:032x} {x:064x}\n"
                       for (y, mm), (n, f, x) in sealed.items())
        totals = defaultdict(Decimal)
        for r in ROWS:
            if stat_month(d(r["date"])) <= month:
                totals[r["measure"]] += Decimal(r["value"])
        rec = {
            "by": CLOSED_BY,
            "date": date.isoformat(),
            "digest": hashlib.sha256(text.encode()).hexdigest(),
            "entries": sum(n for n, _, _ in sealed.values()),
            "format": "eduaid-closes/1",
            "kind": "close",
            "month": f"2019-{m:02d}",
            "months": {f"{y:04d}-{mm:02d}": {"entries": n, "fingerprint": f"{f:032x}", "sum": f"{x:064x}"}
                       for (y, mm), (n, f, x) in sealed.items()},
            "note": f"2019年{m}月台账结账",
            "totals": {k: (f"{v:.2f}" if k in MONEY else str(int(v))) for k, v in sorted(totals.items())},
        }
        if prev:
            rec["prev"] = prev
        canonical = json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        rec["hash"] = prev = hashlib.sha256(canonical.encode()).hexdigest()
        lines.append(json.dumps(rec, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    return "".join(l + "\n" for l in lines)


def main():
    bd = baoding_schools()
    bj = beijing_schools(79)
    assert len(bd) == 105 and len(bj) == 79, (len(bd), len(bj))
    pairings = build_pairings(bd, bj)
    build_ledger(bd, pairings)

    # Checks of what the article says (the Rust tests check them again).
    active = [p for p in pairings if "end" not in p and p["kind"] != "district-county"]
    bj_set = {s for p in active for s in p["supporting"]["schools"]}
    bd_set = {s for p in active for s in p["supported"]["schools"]}
    assert len(bj_set) == 79 and len(bd_set) == 105, (len(bj_set), len(bd_set))
    assert sum(p["kind"] == "school-to-school" for p in active) == 61
    assert sum(p["kind"] == "joint-school" for p in active) == 10
    fen_by_year = defaultdict(lambda: [0, 0])
    total = 0
    for r in ROWS:
        if r["measure"] == "funds":
            v = Decimal(r["value"])
            y = stat_year(d(r["date"]))
            fen_by_year[y][1] += v
            if r["breakdown"] != "general":
                fen_by_year[y][0] += v
            total += v
    for y, (t, a) in sorted(fen_by_year.items()):
        assert t / a >= Decimal("0.8"), (y, t / a)
        print(f"  {y}: targeted {t / a:.4f}")
    assert Decimal(40_000_000) <= total < Decimal(50_000_000), total
    print(f"  funds total {total}, rows {len(ROWS)}")

    ROWS.sort(key=lambda r: (r["date"], r["id"]))
    # Corrections must come after what they correct: sorted by date they do.
    add_recorded()
    with open(os.path.join(HERE, "ledger.csv.closes.jsonl"), "w", encoding="utf-8", newline="") as f:
        f.write(close_log())
    with open(os.path.join(HERE, "programme.json"), "w", encoding="utf-8") as f:
        json.dump(programme(bd, bj, pairings), f, ensure_ascii=False, indent=1)
        f.write("\n")
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(ROWS[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(ROWS)
    with open(os.path.join(HERE, "ledger.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    main()
