"""Benchmark: the public guide search (/guide/?q=…) over 5,000 published items on PostgreSQL.

Builds 30 departments and 5,000 published items (names from word lists, keywords, codes, search
text with pinyin and initials), then searches with Chinese words, pinyin, initials and codes at 16
concurrent clients. Prints {"items": 5000, "requests": N, "rps": …, "p50_ms": …, "p95_ms": …} last.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import bench_server, run_load

ITEMS = 5000
CLIENTS = 16
REQUESTS_PER_CLIENT = 150

# Departments ("code name") and subjects ("subject|keywords|service object") of the generated items.
DEPARTMENTS = [
    tuple(line.split(" ", 1))
    for line in """
MZJ 民政局
SCJ 市场监督管理局
RSJ 人力资源和社会保障局
ZJJ 住房和城乡建设局
GAJ 公安局
WJW 卫生健康委员会
JYJ 教育局
JTJ 交通运输局
ZRJ 自然资源和规划局
STJ 生态环境局
SWJ 税务局
YBJ 医疗保障局
NYJ 农业农村局
SLJ 水利局
WLJ 文化和旅游局
SFJ 司法局
CZJ 财政局
TYJ 退役军人事务局
YJJ 应急管理局
LYJ 林业局
GXJ 工业和信息化局
SWU 商务局
TJJ 统计局
DAJ 档案局
QXJ 气象局
RFJ 人民防空办公室
MWJ 民族宗教事务局
KXJ 科学技术局
GZW 国有资产监督管理委员会
XZSP 行政审批服务局
""".strip().splitlines()
]
SUBJECTS = [
    tuple(line.split("|"))
    for line in """
企业设立|营业执照 开办企业|2
个体工商户|营业执照 个体户|1
食品经营许可证|食品 餐饮|2
食品生产许可证|食品 生产|2
药品经营许可证|药店 药品|2
医疗器械经营备案|医疗器械|2
最低生活保障|低保 救助|1
特困人员救助供养|特困 救助|1
临时救助|救助 困难|1
结婚登记|婚姻 结婚证|1
离婚登记|婚姻 离婚证|1
收养登记|收养 生育|1
居民身份证|身份证 户籍|1
户口迁移|户籍 落户|1
出生登记|生育 上户口|1
机动车驾驶证|驾照 车管|1
道路运输经营许可证|运输 货运|2
出租汽车经营许可|出租车 网约车|2
建设工程规划许可证|规划 建设工程|2
建筑工程施工许可证|施工 建设|2
商品房预售许可|预售 房产|2
不动产登记|房产证 不动产|1
公共租赁住房|公租房 住房保障|1
住房公积金提取|公积金|1
社会保障卡|社保卡|1
城乡居民养老保险|养老 社保|1
失业保险金|失业 就业|1
就业创业证|就业 创业|1
职业资格证书|职称 资格|1
医师执业证书|医师 执业|1
护士执业证书|护士 执业|1
医疗机构执业许可证|诊所 医院|2
教师资格认定|教师 资格|1
民办学校办学许可证|办学 培训|2
排污许可证|排污 环评|2
建设项目环境影响评价|环评|2
取水许可|取水 水资源|2
林木采伐许可证|采伐 林木|1
动物防疫条件合格证|防疫 养殖|2
农药经营许可证|农药|2
种子生产经营许可证|种子|2
烟花爆竹经营许可证|烟花爆竹|2
危险化学品经营许可证|危化品|2
娱乐场所经营许可证|娱乐 KTV|2
旅行社业务经营许可|旅行社 旅游|2
法律援助|法援 律师|1
公证事项|公证|1
退役军人优待证|退役军人 优待证|1
残疾人证|残疾 残联|1
高龄津贴|高龄 老年人|1
殡葬补贴|殡葬 身后事|1
增值税发票领用|发票 税务|2
纳税申报|报税 税务|2
印章刻制备案|刻章 公章|2
统计登记|统计|2
人防工程建设审批|人防|2
气象探测环境保护|气象|2
宗教活动场所登记|宗教|4
社会团体登记|社团 协会|4
民办非企业单位登记|民非|4
""".strip().splitlines()
]
ACTIONS = ["核发", "变更", "延续", "注销", "补办", "审核", "登记", "备案", "确认", "年检", "换证", "申请"]
QUALIFIERS = ["", "（新办）", "（个人）", "（单位）", "（跨省通办）", "（首次申请）", "（遗失补办）"]
TYPES = ["01", "05", "07", "10", "20"]
KINDS = [("immediate", 0, 0), ("promised", 20, 10), ("promised", 30, 15), ("promised", 60, 20)]

WORDS_JSON = json.dumps(
    {
        "departments": DEPARTMENTS,
        "subjects": SUBJECTS,
        "actions": ACTIONS,
        "qualifiers": QUALIFIERS,
        "types": TYPES,
        "kinds": KINDS,
    },
    ensure_ascii=False,
)

BUILD = """
import json
import random
from django.db import connection, transaction
from django.utils import timezone
from govhall.catalog.models import ItemVersion, LifeEvent, ServiceItem
from govhall.catalog.search_text import build_search_text
from govhall.org.models import Centre, Department

ITEMS = %(items)d
rng = random.Random(11)
WORDS = json.loads(%(words)r)
DEPARTMENTS = WORDS["departments"]
SUBJECTS = WORDS["subjects"]
ACTIONS = WORDS["actions"]
QUALIFIERS = WORDS["qualifiers"]
TYPES = WORDS["types"]
KINDS = WORDS["kinds"]

now = timezone.now()
with transaction.atomic():
    centre = Centre.objects.create(name="基准市政务服务中心", code="BENCH", level="city")
    departments = Department.objects.bulk_create(
        Department(centre=centre, code=code, name=name) for code, name in DEPARTMENTS
    )
    combos = [(s, a, q) for s in SUBJECTS for a in ACTIONS for q in QUALIFIERS]
    rng.shuffle(combos)
    combos = combos[:ITEMS]
    items = ServiceItem.objects.bulk_create(
        ServiceItem(
            centre=centre,
            department=departments[number %% len(departments)],
            implementation_code=f"370700-{departments[number %% len(departments)].code}-{number:05d}",
        )
        for number in range(len(combos))
    )
    versions = []
    for number, (item, ((subject, keywords, audience), action, qualifier)) in enumerate(zip(items, combos)):
        name = f"{subject}{action}{qualifier}"
        basic_code = f"{TYPES[number %% len(TYPES)]}{number:06d}"
        kind, legal, promised = KINDS[number %% len(KINDS)]
        department = departments[number %% len(departments)]
        versions.append(
            ItemVersion(
                item=item,
                version=1,
                state="published",
                name=name,
                basic_code=basic_code,
                item_type=TYPES[number %% len(TYPES)],
                service_objects=[audience] if audience == "1" else [audience, "6"],
                handling_forms=["1", "2"],
                case_kind=kind,
                legal_limit=legal,
                promised_limit=promised,
                legal_basis="《中华人民共和国行政许可法》",
                keywords=keywords,
                visits=number %% 3,
                visits_reason="现场核验原件" if number %% 3 else "",
                supports_appointment=bool(number %% 2),
                online_handling=bool(number %% 5),
                published_at=now,
                search_text=build_search_text(
                    name=name,
                    keywords=keywords,
                    codes=[item.implementation_code, basic_code],
                    department=department.name,
                ),
            )
        )
    versions = ItemVersion.objects.bulk_create(versions, batch_size=1000)
    themes = list(LifeEvent.objects.all())
    Through = ItemVersion.life_events.through
    Through.objects.bulk_create(
        [Through(itemversion_id=version.pk, lifeevent_id=themes[index %% len(themes)].pk)
         for index, version in enumerate(versions)],
        batch_size=2000,
    )
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print(ItemVersion.objects.filter(state="published").count())
"""

QUERIES = [
    # Chinese words
    "营业执照",
    "许可证",
    "登记",
    "低保",
    "食品",
    "建设工程",
    "结婚登记",
    "社保卡",
    "不动产登记核发",
    "救助",
    "公积金",
    "民政局",
    "跨省通办",
    "药品经营许可证变更",
    "无此事项",
    # pinyin initials and full pinyin
    "yyzz",
    "db",
    "spjy",
    "jsgc",
    "jhdj",
    "sbk",
    "dibao",
    "shipin",
    "gongjijin",
    "zfbz",
    # codes
    "370700-scj",
    "370700-MZJ-0001",
    "05000",
    "0700123",
    "xzsp",
]


def main() -> None:
    rng = random.Random(7)
    with bench_server() as server:
        built = int(server.python(BUILD % {"items": ITEMS, "words": WORDS_JSON}).strip().splitlines()[-1])
        assert built == ITEMS, f"built {built} items, expected {ITEMS}"
        paths = []
        for _ in range(600):
            params = {"q": rng.choice(QUERIES)}
            if rng.random() < 0.1:
                params["page"] = "2"
            if rng.random() < 0.1:
                params["audience"] = rng.choice(["person", "organisation"])
            paths.append(f"/guide/?{urlencode(params)}")
        cold_queries = [f"{subject[0]}{action}" for subject in SUBJECTS for action in ACTIONS]
        rng.shuffle(cold_queries)
        cold_paths = [f"/guide/?{urlencode({'q': query})}" for query in cold_queries[: CLIENTS * 40]]
        cold = run_load(
            server.url,
            clients=CLIENTS,
            requests_per_client=40,
            path_for=lambda client, index: cold_paths[client * 40 + index],
        )
        run_load(server.url, clients=4, requests_per_client=25, path_for=lambda c, i: paths[i])
        result = run_load(
            server.url,
            clients=CLIENTS,
            requests_per_client=REQUESTS_PER_CLIENT,
            path_for=lambda client, index: paths[(client * REQUESTS_PER_CLIENT + index) % len(paths)],
        )
    summary = result.summary()
    print(
        json.dumps(
            {
                "endpoint": "/guide/?q=",
                "items": ITEMS,
                "clients": CLIENTS,
                "requests": summary["requests"],
                "failures": summary["failures"],
                "rps": summary["rps"],
                "p50_ms": summary["p50_ms"],
                "p95_ms": summary["p95_ms"],
                "cold_requests": cold.summary()["requests"],
                "cold_p50_ms": cold.summary()["p50_ms"],
                "cold_p95_ms": cold.summary()["p95_ms"],
            }
        )
    )


if __name__ == "__main__":
    main()
