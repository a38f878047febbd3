"""The demo hall: 潍坊市政务服务中心 with two district centres and one street centre beneath it.

:func:`build_demo_hall` creates what is missing and leaves what exists alone, so running it
twice changes nothing. Every object goes through ``full_clean()`` before it is saved, so the
demo data also proves the models' validators. Natural keys: centre code, department (centre,
code), window (centre, number), post (window, name), username, opening hours (centre, start
day), calendar adjustment (centre, date).

The place names are real (潍坊市, 奎文区, 高新区, 东关街道, as in the seed documents); the
addresses, phone numbers and people are invented.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models, transaction

from govhall.core.audit import audit_record
from govhall.core.request_origin import RequestOrigin, origin_as
from govhall.demo.cases import build_demo_cases
from govhall.demo.catalogue import build_demo_catalogue, catalogue_totals
from govhall.demo.queues import build_demo_queues
from govhall.org.models import (
    CalendarAdjustment,
    CalendarAdjustmentKind,
    Centre,
    CentreLevel,
    Department,
    DepartmentNature,
    OpeningHours,
    Post,
    StaffProfile,
    Window,
    WindowKind,
)
from govhall.org.roles import ADMIN_SITE_ROLES, Role, group_for

DEMO_PASSWORD = "govhall-demo"
CITY_CODE = "WF-SZX"
AUDIT_ACTION = "demo.build"

M = TypeVar("M", bound=models.Model)

# ---------------------------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CentreSpec:
    code: str
    name: str
    level: CentreLevel
    parent: str | None
    address: str
    consultation_phone: str
    complaint_phone: str
    staff_prefix: str
    """Prefix of the centre's staff numbers and generated usernames (SZX0001 / szx0001)."""
    fee_payee: str
    fee_account: str
    fee_bank: str
    """Where fees are paid (printed on the bill): the level's non-tax revenue account (made up)."""


CENTRES: tuple[CentreSpec, ...] = (
    CentreSpec(
        CITY_CODE,
        "潍坊市政务服务中心",
        CentreLevel.CITY,
        None,
        "山东省潍坊市奎文区市民之家大道100号",
        "0536-8096000",
        "0536-8096012",
        "SZX",
        "潍坊市财政局非税收入汇缴结算户",
        "3705 0166 6101 0000 0001",
        "中国建设银行潍坊分行营业部",
    ),
    CentreSpec(
        "WF-KW",
        "奎文区政务服务中心",
        CentreLevel.COUNTY,
        CITY_CODE,
        "潍坊市奎文区胜利东街200号",
        "0536-8236100",
        "0536-8236112",
        "KW",
        "潍坊市奎文区财政局非税收入汇缴结算户",
        "3705 0166 6201 0000 0002",
        "中国建设银行潍坊奎文支行",
    ),
    CentreSpec(
        "WF-GX",
        "高新区政务服务中心",
        CentreLevel.COUNTY,
        CITY_CODE,
        "潍坊市高新区健康东街300号",
        "0536-8879100",
        "0536-8879112",
        "GX",
        "潍坊高新技术产业开发区财政金融局非税收入汇缴结算户",
        "3705 0166 6301 0000 0003",
        "中国建设银行潍坊高新支行",
    ),
    CentreSpec(
        "WF-KW-DG",
        "东关街道便民服务中心",
        CentreLevel.TOWN,
        "WF-KW",
        "潍坊市奎文区东关街道和平路66号",
        "0536-8125100",
        "0536-8125112",
        "DG",
        "潍坊市奎文区财政局非税收入汇缴结算户",
        "3705 0166 6201 0000 0002",
        "中国建设银行潍坊奎文支行",
    ),
)


@dataclass(frozen=True)
class HoursSpec:
    name: str
    starts: tuple[int, int]
    morning: tuple[time, time]
    afternoon: tuple[time, time]


CITY_HOURS: tuple[HoursSpec, ...] = (
    HoursSpec("夏季作息", (5, 1), (time(9), time(12)), (time(13, 30), time(17, 30))),
    HoursSpec("冬季作息", (10, 1), (time(9), time(12)), (time(13), time(17))),
)
"""Only the city centre has hours of its own; the centres beneath it inherit them."""

TYPHOON_CLOSURE = ("WF-GX", date(2026, 8, 12), "台风停止办公")
"""A centre's own closure. 2027's 调休 weekends are not announced yet, so none are invented."""


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    short_name: str
    nature: DepartmentNature = DepartmentNature.STATUTORY


CITY_DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec("XZSP", "潍坊市行政审批服务局", "审批服务局"),
    DepartmentSpec("FGW", "潍坊市发展和改革委员会", "发改委"),
    DepartmentSpec("ZJJ", "潍坊市住房和城乡建设局", "住建局"),
    DepartmentSpec("ZRZY", "潍坊市自然资源和规划局", "自然资源规划局"),
    DepartmentSpec("SHJ", "潍坊市生态环境局", "生态环境局"),
    DepartmentSpec("SCJG", "潍坊市市场监督管理局", "市场监管局"),
    DepartmentSpec("GA", "潍坊市公安局", "公安局"),
    DepartmentSpec("MZ", "潍坊市民政局", "民政局"),
    DepartmentSpec("RSJ", "潍坊市人力资源和社会保障局", "人社局"),
    DepartmentSpec("WJW", "潍坊市卫生健康委员会", "卫健委"),
    DepartmentSpec("JT", "潍坊市交通运输局", "交通运输局"),
    DepartmentSpec("SW", "国家税务总局潍坊市税务局", "税务局"),
    DepartmentSpec("YB", "潍坊市医疗保障局", "医保局"),
    DepartmentSpec("BDC", "潍坊市不动产登记中心", "不动产登记中心", DepartmentNature.ENTRUSTED),
    DepartmentSpec("GJJ", "潍坊市住房公积金管理中心", "公积金中心", DepartmentNature.AUTHORISED),
)

DISTRICT_DEPARTMENTS: dict[str, tuple[DepartmentSpec, ...]] = {
    "WF-KW": (
        DepartmentSpec("XZSP", "奎文区行政审批服务局", "区审批服务局"),
        DepartmentSpec("SCJG", "奎文区市场监督管理局", "区市场监管局"),
        DepartmentSpec("RSJ", "奎文区人力资源和社会保障局", "区人社局"),
        DepartmentSpec("MZ", "奎文区民政局", "区民政局"),
    ),
    "WF-GX": (
        DepartmentSpec("XZSP", "高新区行政审批服务部", "高新区审批部"),
        DepartmentSpec("SCJG", "高新区市场监督管理局", "高新区市场监管局"),
        DepartmentSpec("YB", "高新区医疗保障局", "高新区医保局"),
    ),
    "WF-KW-DG": (DepartmentSpec("JD", "奎文区东关街道办事处", "东关街道"),),
}


@dataclass(frozen=True)
class WindowSpec:
    number: int
    name: str
    kind: WindowKind
    department: str | None
    floor: str
    zone: str


def _windows(
    first: int, count: int, name: str, kind: WindowKind, department: str | None, floor: str, zone: str
) -> list[WindowSpec]:
    numbered = count > 1
    return [
        WindowSpec(
            first + offset,
            f"{name}{offset + 1}" if numbered else name,
            kind,
            department,
            floor,
            zone,
        )
        for offset in range(count)
    ]


_SPECIALISED = WindowKind.SPECIALISED
CITY_WINDOWS: tuple[WindowSpec, ...] = (
    *_windows(1, 1, "咨询导办", WindowKind.CONSULTATION, "XZSP", "一楼", "咨询导办区"),
    *_windows(2, 4, "综合受理", WindowKind.COMPREHENSIVE, "XZSP", "一楼", "综合受理区"),
    *_windows(6, 1, "“办不成事”反映", WindowKind.FALLBACK, "XZSP", "一楼", "综合受理区"),
    *_windows(7, 1, "帮办代办", WindowKind.AGENCY, "XZSP", "一楼", "综合受理区"),
    *_windows(8, 2, "银行收费", WindowKind.CASHIER, None, "一楼", "收费区"),
    *_windows(10, 4, "企业开办", _SPECIALISED, "SCJG", "一楼", "企业开办区"),
    *_windows(14, 2, "税务", _SPECIALISED, "SW", "一楼", "企业开办区"),
    *_windows(16, 2, "户籍出入境", _SPECIALISED, "GA", "一楼", "公安服务区"),
    *_windows(18, 2, "社会保障", _SPECIALISED, "RSJ", "二楼", "社会事务区"),
    *_windows(20, 2, "医疗保障", _SPECIALISED, "YB", "二楼", "社会事务区"),
    *_windows(22, 1, "民政", _SPECIALISED, "MZ", "二楼", "社会事务区"),
    *_windows(23, 1, "卫生健康", _SPECIALISED, "WJW", "二楼", "社会事务区"),
    *_windows(24, 2, "住房公积金", _SPECIALISED, "GJJ", "二楼", "社会事务区"),
    *_windows(26, 1, "交通运输", _SPECIALISED, "JT", "二楼", "社会事务区"),
    *_windows(27, 1, "投资项目", _SPECIALISED, "FGW", "三楼", "投资项目审批区"),
    *_windows(28, 2, "建设工程", _SPECIALISED, "ZJJ", "三楼", "投资项目审批区"),
    *_windows(30, 1, "规划用地", _SPECIALISED, "ZRZY", "三楼", "投资项目审批区"),
    *_windows(31, 1, "环境影响评价", _SPECIALISED, "SHJ", "三楼", "投资项目审批区"),
    *_windows(32, 3, "不动产登记", _SPECIALISED, "BDC", "三楼", "不动产登记区"),
)

DISTRICT_WINDOWS: dict[str, tuple[WindowSpec, ...]] = {
    "WF-KW": (
        *_windows(1, 1, "综合受理", WindowKind.COMPREHENSIVE, "XZSP", "一楼", "综合受理区"),
        *_windows(2, 1, "“办不成事”反映", WindowKind.FALLBACK, "XZSP", "一楼", "综合受理区"),
        *_windows(3, 1, "企业开办", _SPECIALISED, "SCJG", "一楼", "企业服务区"),
        *_windows(4, 1, "社会保障", _SPECIALISED, "RSJ", "一楼", "社会事务区"),
    ),
    "WF-GX": (
        *_windows(1, 1, "综合受理", WindowKind.COMPREHENSIVE, "XZSP", "一楼", "综合受理区"),
        *_windows(2, 1, "企业开办", _SPECIALISED, "SCJG", "一楼", "企业服务区"),
        *_windows(3, 1, "医疗保障", _SPECIALISED, "YB", "一楼", "社会事务区"),
    ),
    "WF-KW-DG": (*_windows(1, 2, "便民服务", WindowKind.COMPREHENSIVE, "JD", "一楼", "便民服务区"),),
}


@dataclass(frozen=True)
class AccountSpec:
    """A named demo account: one per role, logged in with ``DEMO_PASSWORD``."""

    username: str
    name: str
    role: Role
    centre: str
    department: str | None
    phone: str


DEMO_ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("clerk", "李静", Role.WINDOW_CLERK, CITY_CODE, "SCJG", "13953610001"),
    AccountSpec("reviewer", "张伟", Role.REVIEWER, CITY_CODE, "SCJG", "13953610002"),
    AccountSpec("approver", "刘洋", Role.APPROVER, CITY_CODE, "SCJG", "13953610003"),
    AccountSpec("chief", "陈刚", Role.CHIEF_REPRESENTATIVE, CITY_CODE, "SCJG", "13953610004"),
    AccountSpec("duty", "赵敏", Role.DUTY_CHIEF, CITY_CODE, None, "13953610005"),
    AccountSpec("manager", "孙建国", Role.CENTRE_MANAGER, CITY_CODE, None, "13953610006"),
    AccountSpec("supervisor", "周红", Role.SUPERVISION_OFFICE, CITY_CODE, None, "13953610007"),
    AccountSpec("cashier", "吴芳", Role.CASHIER, CITY_CODE, None, "13953610008"),
    AccountSpec("sysadmin", "郑磊", Role.SYSTEM_ADMINISTRATOR, CITY_CODE, None, "13953610009"),
    AccountSpec("dg-clerk", "马晓燕", Role.WINDOW_CLERK, "WF-KW-DG", "JD", "13953610010"),
    AccountSpec("dg-reviewer", "韩立军", Role.REVIEWER, "WF-KW-DG", "JD", "13953610011"),
    AccountSpec("dg-chief", "宋国华", Role.CHIEF_REPRESENTATIVE, "WF-KW-DG", "JD", "13953610012"),
    AccountSpec("kw-reviewer", "冯雪", Role.REVIEWER, "WF-KW", "MZ", "13953610013"),
    AccountSpec("kw-approver", "曹振东", Role.APPROVER, "WF-KW", "MZ", "13953610014"),
)
"""One account per role in the city's 市场监管 department and centre office, and the street office's
and the district 民政局's people a 低保 上报件 passes through (东关街道 → 奎文区)."""

_REVIEW_AND_APPROVAL = {Role.REVIEWER: 1, Role.APPROVER: 1}
STAFFING: dict[tuple[str, str], dict[Role, int]] = {
    **{
        (CITY_CODE, code): _REVIEW_AND_APPROVAL
        for code in (
            "XZSP",
            "FGW",
            "ZJJ",
            "ZRZY",
            "SHJ",
            "SCJG",
            "GA",
            "MZ",
            "RSJ",
            "WJW",
            "JT",
            "SW",
            "YB",
            "BDC",
            "GJJ",
        )
    },
    ("WF-KW", "MZ"): _REVIEW_AND_APPROVAL,
    ("WF-GX", "SCJG"): _REVIEW_AND_APPROVAL,
    ("WF-GX", "YB"): _REVIEW_AND_APPROVAL,
    ("WF-KW-DG", "JD"): _REVIEW_AND_APPROVAL,
}
"""Back-office reviewers (一审) and approvers (一核) beyond the window staff: every department whose
items have a 审查 or 核准 step (or receives a 上报件 from below) has one of each, so no demo case
stops on a step nobody can take. Departments with only 即办件 need none: their chief representative
decides (审核办结)."""

CASHIERS_EXTRA = 1
"""Bank cashiers besides the ``cashier`` account, so the cashier windows have A and B."""

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤"
)
_GIVEN_NAME_TEXT = (
    "志强秀英海燕晓东丽娟俊杰静怡文博雪梅国庆雅琴宇航春燕建华明远婷婷立新玉兰子涵振华凤霞浩然淑珍永刚"
    "欣怡德胜桂芳家豪慧敏晨阳红梅少华佳琪庆丰美玲思远金凤鹏飞晓丽长青爱华泽宇月琴光明雨萱卫东亚男天宇"
)
_GIVEN_NAMES = [_GIVEN_NAME_TEXT[i : i + 2] for i in range(0, len(_GIVEN_NAME_TEXT), 2)]


def _generated_name(index: int) -> str:
    surname = _SURNAMES[(index * 7) % len(_SURNAMES)]
    given = _GIVEN_NAMES[(index * 5 + index // len(_GIVEN_NAMES)) % len(_GIVEN_NAMES)]
    return surname + given


# ---------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    created: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)
    """(username, name, role label, department or centre) of each demo account."""

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def _ensure(
    model: type[M],
    lookup: dict[str, Any],
    defaults: dict[str, Any] | Callable[[], dict[str, Any]],
    created: dict[str, int],
) -> M:
    """The row matching ``lookup``, or a new one from ``lookup | defaults`` after full_clean()."""
    existing = model._default_manager.filter(**lookup).first()
    if existing is not None:
        return existing
    obj = model(**lookup, **(defaults() if callable(defaults) else defaults))
    obj.full_clean()
    obj.save()
    key = model._meta.model_name or model.__name__
    created[key] = created.get(key, 0) + 1
    return obj


class _Builder:
    def __init__(self) -> None:
        self.created: dict[str, int] = {}
        self.centres: dict[str, Centre] = {}
        self.departments: dict[tuple[str, str], Department] = {}
        self.window_staff: dict[tuple[str, str | None], list[StaffProfile]] = {}
        self.serials: dict[str, int] = {}
        self.name_index = 0
        self.groups: dict[Role, Group] = {}

    @cached_property
    def password_hash(self) -> str:
        """One hash for every demo account: hashing 70-odd passwords would take seconds."""
        return make_password(DEMO_PASSWORD)

    def group(self, role: Role) -> Group:
        if role not in self.groups:
            self.groups[role] = group_for(role)
        return self.groups[role]

    # -- structure ----------------------------------------------------------------------------

    def build_centres(self) -> None:
        for spec in CENTRES:
            self.centres[spec.code] = _ensure(
                Centre,
                {"code": spec.code},
                {
                    "name": spec.name,
                    "level": spec.level,
                    "parent": self.centres[spec.parent] if spec.parent else None,
                    "address": spec.address,
                    "consultation_phone": spec.consultation_phone,
                    "complaint_phone": spec.complaint_phone,
                    "fee_payee": spec.fee_payee,
                    "fee_account": spec.fee_account,
                    "fee_bank": spec.fee_bank,
                },
                self.created,
            )
        city = self.centres[CITY_CODE]
        for hours in CITY_HOURS:
            _ensure(
                OpeningHours,
                {"centre": city, "from_month": hours.starts[0], "from_day": hours.starts[1]},
                {
                    "name": hours.name,
                    "morning_start": hours.morning[0],
                    "morning_end": hours.morning[1],
                    "afternoon_start": hours.afternoon[0],
                    "afternoon_end": hours.afternoon[1],
                },
                self.created,
            )
        code, day, reason = TYPHOON_CLOSURE
        _ensure(
            CalendarAdjustment,
            {"centre": self.centres[code], "date": day},
            {"kind": CalendarAdjustmentKind.CLOSED, "reason": reason},
            self.created,
        )

    def build_departments(self) -> None:
        plan = {CITY_CODE: CITY_DEPARTMENTS, **DISTRICT_DEPARTMENTS}
        for centre_code, specs in plan.items():
            for spec in specs:
                self.departments[(centre_code, spec.code)] = _ensure(
                    Department,
                    {"centre": self.centres[centre_code], "code": spec.code},
                    {"name": spec.name, "short_name": spec.short_name, "nature": spec.nature},
                    self.created,
                )

    # -- people -------------------------------------------------------------------------------

    def _staff_number(self, centre_code: str) -> str:
        prefix = next(spec.staff_prefix for spec in CENTRES if spec.code == centre_code)
        self.serials[centre_code] = self.serials.get(centre_code, 0) + 1
        return f"{prefix}{self.serials[centre_code]:04d}"

    def person(
        self,
        *,
        roles: tuple[Role, ...],
        centre_code: str,
        department_code: str | None,
        username: str | None = None,
        name: str | None = None,
        phone: str | None = None,
        chief: bool = False,
    ) -> StaffProfile:
        """A staff member with their account; generated people get the next staff number.

        Staff numbers are handed out in a fixed order, so a second run finds the same people.
        """
        staff_number = self._staff_number(centre_code)
        if name is None:
            name = _generated_name(self.name_index)
            self.name_index += 1
        username = username or staff_number.lower()
        if phone is None:
            centre_index = [spec.code for spec in CENTRES].index(centre_code)
            phone = f"1395362{centre_index}{self.serials[centre_code]:03d}"
        user_model = get_user_model()
        user = _ensure(
            user_model,
            {user_model.USERNAME_FIELD: username},
            lambda: {
                "password": self.password_hash,
                "last_name": name[:1],
                "first_name": name[1:],
                "is_staff": bool(set(roles) & ADMIN_SITE_ROLES),
                "is_superuser": False,
            },
            self.created,
        )
        user.groups.add(*(self.group(role) for role in roles))
        return _ensure(
            StaffProfile,
            {"user": user},
            {
                "name": name,
                "staff_number": staff_number,
                "centre": self.centres[centre_code],
                "department": self.departments[(centre_code, department_code)] if department_code else None,
                "phone": phone,
                "is_chief_representative": chief,
            },
            self.created,
        )

    def build_people(self) -> list[tuple[str, str, str, str]]:
        accounts: list[tuple[str, str, str, str]] = []
        demo_by_key: dict[tuple[str, str | None, Role], AccountSpec] = {}
        for spec in DEMO_ACCOUNTS:
            demo_by_key[(spec.centre, spec.department, spec.role)] = spec

        def make(role: Role, centre_code: str, department_code: str | None, *extra: Role) -> StaffProfile:
            spec = demo_by_key.pop((centre_code, department_code, role), None)
            profile = self.person(
                roles=(role, *extra),
                centre_code=centre_code,
                department_code=department_code,
                username=spec.username if spec else None,
                name=spec.name if spec else None,
                phone=spec.phone if spec else None,
                chief=role == Role.CHIEF_REPRESENTATIVE,
            )
            if spec is not None:
                where = profile.department.name if profile.department else profile.centre.name
                accounts.append((spec.username, profile.name, str(role.label), where))
            return profile

        # Centre management: not in any stationed department.
        for role in (
            Role.CENTRE_MANAGER,
            Role.SUPERVISION_OFFICE,
            Role.SYSTEM_ADMINISTRATOR,
            Role.DUTY_CHIEF,
        ):
            make(role, CITY_CODE, None)
        cashiers = [make(Role.CASHIER, CITY_CODE, None) for _ in range(1 + CASHIERS_EXTRA)]
        self.window_staff[(CITY_CODE, None)] = cashiers

        window_plan = {CITY_CODE: CITY_WINDOWS, **DISTRICT_WINDOWS}
        for centre_code, department_code in self.departments:
            windows = [w for w in window_plan[centre_code] if w.department == department_code]
            clerks = [make(Role.WINDOW_CLERK, centre_code, department_code) for _ in windows]
            # A one-window department sends its chief representative as the window's B post, so
            # the chief holds the clerk's role as well.
            chief_roles = (Role.WINDOW_CLERK,) if len(clerks) < 2 else ()
            chief = make(Role.CHIEF_REPRESENTATIVE, centre_code, department_code, *chief_roles)
            self.window_staff[(centre_code, department_code)] = (
                [*clerks, chief] if len(clerks) < 2 else clerks
            )
            for role, count in STAFFING.get((centre_code, department_code), {}).items():
                for _ in range(count):
                    make(role, centre_code, department_code)
        if demo_by_key:
            raise LookupError(f"demo accounts without a place in the hall: {sorted(demo_by_key)}")
        order = [spec.username for spec in DEMO_ACCOUNTS]
        accounts.sort(key=lambda account: order.index(account[0]))
        return accounts

    # -- windows and posts --------------------------------------------------------------------

    def build_windows(self) -> None:
        window_plan = {CITY_CODE: CITY_WINDOWS, **DISTRICT_WINDOWS}
        for centre_code, specs in window_plan.items():
            centre = self.centres[centre_code]
            by_department: dict[str | None, list[WindowSpec]] = {}
            for spec in specs:
                by_department.setdefault(spec.department, []).append(spec)
            for department_code, department_windows in by_department.items():
                pool = self.window_staff[(centre_code, department_code)]
                for position, spec in enumerate(department_windows):
                    window = _ensure(
                        Window,
                        {"centre": centre, "number": str(spec.number)},
                        {
                            "name": spec.name,
                            "kind": spec.kind,
                            "department": (
                                self.departments[(centre_code, department_code)] if department_code else None
                            ),
                            "floor": spec.floor,
                            "zone": spec.zone,
                        },
                        self.created,
                    )
                    # A/B rotate through the department's window staff: A is the window's own
                    # clerk, B the next one, so every post has two different people.
                    _ensure(
                        Post,
                        {"window": window, "name": f"{spec.name}岗"},
                        {
                            "a_staff": pool[position % len(pool)],
                            "b_staff": pool[(position + 1) % len(pool)],
                        },
                        self.created,
                    )


def _totals() -> dict[str, int]:
    city = Centre.objects.get(code=CITY_CODE)
    return {
        "centres": Centre.objects.count(),
        "departments": Department.objects.count(),
        "city_departments": Department.objects.filter(centre=city).count(),
        "windows": Window.objects.count(),
        "city_windows": Window.objects.filter(centre=city).count(),
        "staff": StaffProfile.objects.count(),
        "posts": Post.objects.count(),
        "chief_representatives": StaffProfile.objects.filter(is_chief_representative=True).count(),
        "opening_hours": OpeningHours.objects.count(),
        "calendar_adjustments": CalendarAdjustment.objects.count(),
    }


def build_demo_hall() -> DemoSummary:
    """Create whatever of the demo hall is missing, in one transaction; idempotent."""
    with transaction.atomic(), origin_as(RequestOrigin(origin="command:govhall demo")):
        builder = _Builder()
        builder.build_centres()
        builder.build_departments()
        accounts = builder.build_people()
        builder.build_windows()
        build_demo_catalogue(builder.created)
        build_demo_queues(builder.centres, CITY_CODE, builder.created)
        demo_users = {
            user.username: user
            for user in User.objects.filter(username__in=[spec.username for spec in DEMO_ACCOUNTS])
        }
        build_demo_cases(builder.centres[CITY_CODE], demo_users, builder.created)
        summary = DemoSummary(
            created=builder.created, totals={**_totals(), **catalogue_totals()}, accounts=accounts
        )
        if summary.changed:
            audit_record(
                actor=None,
                action=AUDIT_ACTION,
                target=builder.centres[CITY_CODE],
                after={"created": summary.created, "totals": summary.totals},
            )
    return summary


def reset_demo_hall() -> DemoSummary:
    """Wipe the whole database and build the demo hall.

    ``flush`` sends post_migrate, whose handlers restore the role groups and the catalogue's
    default process templates and themes.
    """
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        return build_demo_hall()


def demo_objects() -> Iterator[models.Model]:
    """Every object the demo builds (for checks such as full_clean over the whole hall)."""
    model_list: list[type[models.Model]] = [
        Centre,
        OpeningHours,
        CalendarAdjustment,
        Department,
        Window,
        StaffProfile,
        Post,
    ]
    for model in model_list:
        yield from model._default_manager.all()
    yield from get_user_model()._default_manager.filter(staff__isnull=False)


__all__ = [
    "AUDIT_ACTION",
    "CITY_CODE",
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoSummary",
    "build_demo_hall",
    "demo_objects",
    "reset_demo_hall",
]
