"""The demo hall's catalogue: some seventy published items across the demo departments.

:func:`build_demo_catalogue` publishes every item through :mod:`govhall.catalog.services`
(``item_create`` → ``version_apply_template`` → materials and fees → ``version_submit`` →
``version_publish``, actor ``None``), so each item passes the same rules as one a department
enters by hand. It is idempotent like the rest of the demo: an item whose (centre, 实施编码)
already exists is left alone, and a material already in a centre's library is reused.

The items, materials, time limits and legal bases follow real implementation lists (实施清单) of
Shandong and the community pages in the seed documents (低保, 廉租房, 就业失业登记, 大病救助,
独生子女父母光荣证, 流动人口婚育证明, 生育登记 …). Codes, phone numbers and addresses are the demo
hall's own (see :mod:`govhall.demo.hall`); the implementation codes are invented but shaped like
real ones (area code, department, GB/T 39046 basic code).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from govhall.catalog import services
from govhall.catalog.models import (
    CaseKind,
    HandlingForm,
    ItemFee,
    ItemMaterial,
    ItemStep,
    ItemType,
    ItemVersion,
    LifeEvent,
    Material,
    MaterialMedium,
    MaterialRequirement,
    OnlineDepth,
    ProcessTemplate,
    ServiceItem,
    ServiceObject,
    ServiceScope,
    VersionState,
)
from govhall.core.working_days import TimeUnit
from govhall.org.models import Centre, CentreLevel, Department, Window

CITY = "WF-SZX"
KUIWEN = "WF-KW"
HIGH_TECH = "WF-GX"
DONGGUAN = "WF-KW-DG"
"""Centre codes as :mod:`govhall.demo.hall` builds them."""

AREA_CODES = {CITY: "370700", KUIWEN: "370705", HIGH_TECH: "370791", DONGGUAN: "370705001"}
"""The administrative division code that starts each centre's implementation codes."""

HOURS = (
    "法定工作日上午9:00—12:00，下午13:00—17:00（5月1日至9月30日下午13:30—17:30）；"
    "法定节假日除外，国务院调休上班日照常办公"
)
DEFAULT_VISITS_REASON = "需现场核验申请人身份证件和申请材料原件"
PORTAL = "http://zwfw.sd.gov.cn/wf/"
"""山东政务服务网潍坊站点: where items without a portal of their own are handled online."""

TEMPLATE_FOR_KIND = {
    CaseKind.IMMEDIATE: "immediate",
    CaseKind.PROMISED: "promised-2",
    CaseKind.JOINT: "joint",
    CaseKind.ESCALATED: "escalated",
}

PROCESS_INTRO = {
    CaseKind.IMMEDIATE: "材料齐全、符合法定形式的，窗口当场受理、当场办结（即收即办）。",
    CaseKind.PROMISED: (
        "窗口受理后出具受理通知书，材料在部门内部流转审查（申请人无需往返各科室），在承诺时限内办结，"
        "通知申请人领取或邮寄送达；材料不全的，一次性告知需要补正的全部内容。"
    ),
    CaseKind.JOINT: (
        "主办部门窗口统一受理（首办负责），当日抄告联办部门同步并联审查，必要时召开联席会议，"
        "由主办部门统一出件（一口进、一口出）。"
    ),
    CaseKind.ESCALATED: (
        "窗口受理并初审后，在承诺时限内报上级机关审批并全程跟踪，结果返回后通知申请人领取；"
        "申请人无需向上级机关重复提交材料。"
    ),
}

# ---------------------------------------------------------------------------------------------
# The data: specifications
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaterialSpec:
    """An entry of a centre's material library (申请材料库)."""

    name: str
    issuing_body: str
    acceptance_standard: str
    notes: str = ""


@dataclass(frozen=True)
class Need:
    """An item's use of a library material: how many originals and copies, and when."""

    key: str
    originals: int = 1
    copies: int = 0
    when: str = ""
    """Non-empty: the material is 情形必要 and this is the case it applies to."""
    medium: MaterialMedium = MaterialMedium.PAPER
    notes: str = ""


@dataclass(frozen=True)
class FeeSpec:
    name: str
    amount: Decimal | None
    standard: str
    legal_basis: str


@dataclass(frozen=True)
class ItemSpec:
    centre: str
    department: str
    main_code: int
    """The middle of the GB/T 39046 basic code (type + 5 digits + sub-item 000); stable forever."""
    name: str
    item_type: ItemType
    objects: tuple[ServiceObject, ...]
    kind: CaseKind
    legal: int
    legal_note: str
    promised: int
    promised_note: str
    basis: str
    conditions: str
    result: str
    materials: tuple[Need, ...]
    keywords: str
    themes: tuple[str, ...] = ()
    unit: TimeUnit = TimeUnit.WORKING_DAY
    template: str = ""
    """Process template code; empty: the default for the case kind."""
    budgets: tuple[int, ...] = ()
    """Step budgets in template order; empty: the template's, fitted to the promised limit."""
    forms: tuple[HandlingForm, ...] = (
        HandlingForm.WINDOW,
        HandlingForm.ONLINE_PC,
        HandlingForm.ONLINE_MOBILE,
    )
    joint: tuple[str, ...] = ()
    escalation: tuple[CentreLevel, str] | None = None
    fully_online: bool = False
    """全程网办: visits 0, 网办深度Ⅳ级 (the window still accepts the item)."""
    visits: int = 1
    visits_reason: str = DEFAULT_VISITS_REASON
    online_url: str = PORTAL
    appointment: bool = True
    delivery: bool = False
    fees: tuple[FeeSpec, ...] = ()
    windows: tuple[int, ...] = ()
    """Window numbers in the item's centre; empty: every window of the department."""
    scope: ServiceScope = ServiceScope.NONE
    special: str = ""
    intermediary: str = ""
    quantity: str = "无数量限制"
    faq: str = ""

    @property
    def basic_code(self) -> str:
        return f"{self.item_type}{self.main_code:05d}000"

    @property
    def implementation_code(self) -> str:
        return f"{AREA_CODES[self.centre]}-{self.department}-{self.basic_code}"

    @property
    def online(self) -> bool:
        return self.fully_online or bool(
            {HandlingForm.ONLINE_PC, HandlingForm.ONLINE_MOBILE} & set(self.forms)
        )


# ---------------------------------------------------------------------------------------------
# The data: each centre's material library
# ---------------------------------------------------------------------------------------------

_FORM = "（格式文本，窗口领取或网上下载）"

LIBRARY: dict[str, MaterialSpec] = {
    # -- people -----------------------------------------------------------------------------
    "id": MaterialSpec(
        "居民身份证",
        "公安机关",
        "在有效期内；原件核验后当场退还，复印件正反面复印在同一张A4纸上。",
        "可通过电子证照库调取的免于提交复印件。",
    ),
    "hukou": MaterialSpec("居民户口簿", "公安机关", "提交户主页和本人页；登记信息与居民身份证一致。"),
    "marriage": MaterialSpec("结婚证", "婚姻登记机关", "真实有效，持证人与申请人一致。"),
    "photo": MaterialSpec(
        "近期免冠一寸彩色照片", "申请人自备", "近6个月内拍摄，白色背景，正面免冠，与本人相符。"
    ),
    "couple_photo": MaterialSpec(
        "近期半身免冠二寸双人合影照片", "申请人自备", "近6个月内拍摄，红色背景，双方合影。"
    ),
    "family_photo": MaterialSpec("一家三口二寸合影照片", "申请人自备", "近期彩色合影，人像清晰。"),
    "poa": MaterialSpec(
        "授权委托书",
        "委托人",
        "载明委托事项、权限和期限，委托人签字（单位加盖公章）；同时核验代理人居民身份证原件。",
    ),
    "birth_cert": MaterialSpec("出生医学证明", "助产机构", "真实有效，加盖出生医学证明专用章。"),
    "death_cert": MaterialSpec(
        "居民死亡医学证明（推断）书",
        "医疗卫生机构",
        "加盖出具机构印章；非正常死亡的，提交公安机关出具的死亡证明。",
    ),
    "relationship": MaterialSpec(
        "亲属关系证明",
        "公安机关、公证机构或社区居民委员会",
        "能证明申请人与当事人的亲属关系；户口簿能够证明的免于提交。",
    ),
    "disability": MaterialSpec("中华人民共和国残疾人证", "残疾人联合会", "在有效期内。"),
    "diagnosis": MaterialSpec(
        "县级以上医疗机构诊断证明", "县级以上医疗机构", "加盖医疗机构印章，载明诊断结论。"
    ),
    "property_cert": MaterialSpec(
        "不动产权证书（房屋所有权证）",
        "不动产登记机构",
        "真实有效，权利人与申请人一致；可通过不动产登记信息共享核验。",
    ),
    "bank_card": MaterialSpec("社会保障卡（金融账户）或本人银行卡", "发卡银行", "本人名下，账户状态正常。"),
    "labour_end": MaterialSpec(
        "解除或终止劳动合同证明", "原用人单位", "加盖单位公章，载明解除或终止日期和原因。"
    ),
    "veteran": MaterialSpec("退出现役证", "退役军人事务部门", "真实有效。"),
    # -- social assistance and housing ------------------------------------------------------
    "dibao_app": MaterialSpec(
        "最低生活保障申请书",
        "申请人" + _FORM,
        "写明申请理由、家庭人口、收入和住房情况，户主签字；申请有困难的可委托社区居民委员会代为提出。",
    ),
    "household_income": MaterialSpec(
        "家庭收入及财产状况申报表",
        "申请人" + _FORM,
        "如实填写全部共同生活家庭成员的收入和财产，全体成年家庭成员签字。",
    ),
    "econ_auth": MaterialSpec("家庭经济状况核对授权书", "申请人" + _FORM, "全体共同生活的成年家庭成员签字。"),
    "dibao_cert": MaterialSpec("最低生活保障证", "民政部门", "在有效期内。"),
    "housing_status": MaterialSpec(
        "家庭住房状况证明", "社区居民委员会", "加盖公章，载明现住房面积、结构和权属。"
    ),
    "lianzu_app": MaterialSpec(
        "廉租住房保障申请审批表",
        "住房保障部门" + _FORM,
        "户主签字；社区居民委员会、街道办事处签署初审意见并加盖公章。",
    ),
    "discharge": MaterialSpec("出院记录（出院小结）", "定点医疗机构", "加盖医疗机构印章。"),
    "med_invoice": MaterialSpec(
        "住院医疗费用发票及结算单", "定点医疗机构", "医保结算后的费用明细，复印件清晰可辨。"
    ),
    "rescue_app": MaterialSpec(
        "医疗救助申请审批表", "医疗保障部门" + _FORM, "申请人签字，社区（村）签署意见。"
    ),
    "old_age_app": MaterialSpec("高龄津贴申请表", "民政部门" + _FORM, "老年人或其监护人签字。"),
    "funeral_app": MaterialSpec("惠民殡葬补贴申请表", "民政部门" + _FORM, "逝者亲属签字，注明与逝者关系。"),
    "cremation": MaterialSpec("火化证明", "殡仪馆", "加盖殡仪馆印章。"),
    # -- births and families ----------------------------------------------------------------
    "one_child_app": MaterialSpec(
        "独生子女父母光荣证申请表",
        "卫生健康部门" + _FORM,
        "夫妻双方签字；所在单位或社区居民委员会签署意见并加盖公章。",
    ),
    "floating_app": MaterialSpec(
        "办理《流动人口婚育证明》申请表", "卫生健康部门" + _FORM, "本人签字，如实填写婚育情况。"
    ),
    "birth_reg_form": MaterialSpec(
        "生育登记信息表",
        "卫生健康部门" + _FORM,
        "通过“爱山东”APP在线填报的无需提交纸质表；夫妻一方签字确认。",
    ),
    "birth_reissue_app": MaterialSpec(
        "出生医学证明补发（换发）申请表",
        "卫生健康部门" + _FORM,
        "父母双方签字，写明补发或换发原因。",
    ),
    "marriage_decl": MaterialSpec(
        "申请结婚登记声明书",
        "婚姻登记机关" + _FORM,
        "当事人在婚姻登记员面前亲笔签名，不得代签。",
    ),
    "marriage_reissue_app": MaterialSpec(
        "申请补领婚姻登记证声明书", "婚姻登记机关" + _FORM, "当事人在婚姻登记员面前亲笔签名。"
    ),
    "marriage_record": MaterialSpec(
        "婚姻登记档案或其他能够证明婚姻关系的有效证明",
        "婚姻登记机关、档案管理机构",
        "婚姻登记机关能够查到档案的免于提交。",
    ),
    "adoption_app": MaterialSpec("收养登记申请书", "收养人" + _FORM, "收养人签字；夫妻共同收养的双方签字。"),
    "adoption_status": MaterialSpec(
        "收养人婚姻状况、有无子女和抚养教育被收养人能力等情况的证明",
        "收养人所在单位或村（居）民委员会",
        "加盖出具单位公章，出具日期在3个月以内。",
    ),
    "adoption_health": MaterialSpec(
        "县级以上医疗机构出具的收养人健康检查证明",
        "县级以上医疗机构",
        "载明未患有在医学上认为不应当收养子女的疾病。",
    ),
    "adoptee_docs": MaterialSpec(
        "送养人和被收养人的相关证明（户籍证明、送养人同意送养的书面意见等）",
        "送养人、公安机关",
        "被收养人年满8周岁的，还应提交被收养人同意被收养的书面意见。",
    ),
    # -- employment and social insurance ----------------------------------------------------
    "employment_app": MaterialSpec(
        "就业创业证申领登记表",
        "公共就业服务机构" + _FORM,
        "本人签字；通过山东省公共就业人才服务网办理的在线填写。",
    ),
    "ss_card_app": MaterialSpec(
        "社会保障卡申领登记表", "人力资源社会保障部门" + _FORM, "本人签字；照片可现场采集。"
    ),
    "resident_pension_form": MaterialSpec(
        "城乡居民基本养老保险参保登记表", "社会保险经办机构" + _FORM, "本人签字，选择缴费档次。"
    ),
    "flexible_form": MaterialSpec(
        "灵活就业人员参保登记表", "社会保险经办机构" + _FORM, "本人签字，选择缴费基数。"
    ),
    "retire_form": MaterialSpec(
        "职工退休（退职）审批表", "用人单位" + _FORM, "用人单位加盖公章，本人签字确认。"
    ),
    "archives": MaterialSpec(
        "职工个人人事档案",
        "用人单位或档案保管机构",
        "完整真实，包含出生时间、参加工作时间和视同缴费年限认定材料。",
    ),
    "unemployment_app": MaterialSpec(
        "失业保险金申领登记表", "社会保险经办机构" + _FORM, "本人签字；网上申领的在线填写。"
    ),
    "death_benefit_app": MaterialSpec(
        "丧葬补助金、抚恤金申领表", "社会保险经办机构" + _FORM, "申领人签字，注明与逝者关系。"
    ),
    "cert_reissue_app": MaterialSpec(
        "职业资格证书补办申请表",
        "人力资源社会保障部门" + _FORM,
        "本人签字，写明补办原因（遗失或损毁）。",
    ),
    "training_app": MaterialSpec(
        "职业技能培训补贴申请表", "人力资源社会保障部门" + _FORM, "本人签字，注明培训项目和期次。"
    ),
    "training_cert": MaterialSpec(
        "职业技能等级证书或专项职业能力证书",
        "职业技能等级评价机构",
        "可在技能人员职业资格证书全国联网查询系统查验。",
    ),
    # -- enterprises ------------------------------------------------------------------------
    "licence": MaterialSpec(
        "营业执照",
        "市场监督管理部门",
        "在有效期内；复印件加盖公章；可通过电子营业执照核验的免于提交。",
    ),
    "company_app": MaterialSpec(
        "公司登记（备案）申请书",
        "市场监督管理部门" + _FORM,
        "法定代表人签署；通过“山东省企业开办一窗通”平台填报的，电子签名有效。",
    ),
    "articles": MaterialSpec("公司章程", "申请人", "全体股东签署；使用章程示范文本的可在线生成。"),
    "shareholders": MaterialSpec(
        "股东（发起人）主体资格证明或自然人身份证件",
        "登记机关、公安机关",
        "单位股东提交营业执照复印件，自然人股东提交居民身份证复印件；已实名认证的免于提交。",
    ),
    "officers": MaterialSpec(
        "法定代表人、董事、监事和经理的任职文件",
        "申请人",
        "依照公司法和公司章程的规定产生，相关人员签字。",
    ),
    "premises": MaterialSpec(
        "住所（经营场所）使用证明",
        "产权人或不动产登记机构",
        "自有房产提交产权证明；租赁的提交租赁协议和出租方产权证明；实行住所申报承诺制的提交承诺书。",
    ),
    "resolution": MaterialSpec("股东会决议或股东决定", "申请人", "依照公司章程作出，股东签字（盖章）。"),
    "liquidation": MaterialSpec(
        "清算报告或全体投资人承诺书",
        "申请人",
        "清算报告经股东会确认；适用简易注销的提交全体投资人承诺书，并经公示期满无异议。",
    ),
    "seal_app": MaterialSpec(
        "印章刻制备案信息表", "公安机关" + _FORM, "企业开办一窗通平台同步推送的免于提交。"
    ),
    "food_app": MaterialSpec(
        "食品经营许可申请书", "市场监督管理部门" + _FORM, "法定代表人（负责人）签字并加盖公章。"
    ),
    "food_layout": MaterialSpec(
        "与食品经营相适应的主要设备设施布局、操作流程等文件",
        "申请人",
        "标明经营场所面积、功能分区、设备设施位置和操作流程。",
    ),
    "food_rules": MaterialSpec(
        "食品安全管理制度文本",
        "申请人",
        "包括从业人员健康管理、进货查验记录、食品安全自查、食品安全事故处置等制度。",
    ),
    "workshop_app": MaterialSpec("食品小作坊登记申请书", "市场监督管理部门" + _FORM, "经营者签字。"),
    "health_certs": MaterialSpec(
        "从业人员健康证明", "医疗卫生机构", "在有效期内，覆盖全部直接接触入口食品的从业人员。"
    ),
    "drug_app": MaterialSpec(
        "药品经营许可证申请表", "药品监督管理部门" + _FORM, "法定代表人签字并加盖公章。"
    ),
    "pharmacist": MaterialSpec("执业药师注册证", "药品监督管理部门", "注册在本企业，与拟任质量负责人一致。"),
    "gsp_docs": MaterialSpec(
        "药品质量管理制度及质量管理文件目录",
        "申请人",
        "符合《药品经营质量管理规范》要求，附经营场所和仓库平面布局图。",
    ),
    "device_record": MaterialSpec(
        "第二类医疗器械经营备案表", "药品监督管理部门" + _FORM, "法定代表人（负责人）签字。"
    ),
    "equipment_form": MaterialSpec(
        "特种设备使用登记表", "市场监督管理部门" + _FORM, "一式两份，使用单位加盖公章。"
    ),
    "equipment_docs": MaterialSpec(
        "特种设备产品合格证和监督检验证明",
        "制造单位、特种设备检验机构",
        "与拟登记设备的产品编号一致；需监督检验的提交监督检验证书。",
    ),
    "invoice_form": MaterialSpec(
        "纳税人领用发票票种核定表", "税务机关" + _FORM, "通过电子税务局办理的在线填报。"
    ),
    "invoice_limit_app": MaterialSpec(
        "增值税专用发票最高开票限额申请单", "税务机关" + _FORM, "加盖公章，写明申请理由。"
    ),
    "tax_info": MaterialSpec(
        "纳税人（扣缴义务人）身份信息报告表",
        "税务机关" + _FORM,
        "企业开办一窗通平台同步推送登记信息的，确认即可。",
    ),
    "tax_cancel_app": MaterialSpec("清税申报表", "税务机关" + _FORM, "加盖公章。"),
    "dispatch_app": MaterialSpec(
        "劳务派遣经营许可申请书", "人力资源社会保障部门" + _FORM, "法定代表人签字并加盖公章。"
    ),
    "capital_proof": MaterialSpec(
        "注册资本实缴证明",
        "会计师事务所或开户银行",
        "验资报告或银行进账单；实缴资本不少于人民币200万元。",
    ),
    "dispatch_rules": MaterialSpec(
        "劳务派遣管理制度和劳务派遣协议样本",
        "申请人",
        "包括劳动合同、劳动报酬、社会保险、工作时间、休息休假、劳动纪律等制度文本。",
    ),
    "ss_unit_form": MaterialSpec(
        "社会保险登记表（单位）",
        "社会保险经办机构" + _FORM,
        "企业开办一窗通平台同步推送的，无需另行填写。",
    ),
    "gjj_unit_form": MaterialSpec("单位住房公积金缴存登记表", "住房公积金管理中心" + _FORM, "加盖单位公章。"),
    "gjj_withdraw_app": MaterialSpec(
        "住房公积金提取申请书", "住房公积金管理中心" + _FORM, "本人签字；网上提取的在线确认。"
    ),
    "gjj_loan_app": MaterialSpec(
        "住房公积金个人住房贷款申请表",
        "住房公积金管理中心" + _FORM,
        "借款人及共同借款人签字。",
    ),
    "income_proof": MaterialSpec("收入证明", "工作单位", "加盖单位公章，载明近12个月平均收入。"),
    "sale_contract": MaterialSpec(
        "不动产买卖合同（网签备案合同）",
        "住房城乡建设部门网签备案系统",
        "已完成网签备案；可通过系统共享获取的免于提交纸质件。",
    ),
    "inheritance": MaterialSpec(
        "继承权公证书或人民法院判决书（裁定书、调解书）",
        "公证机构、人民法院",
        "能够证明申请人的继承人或受遗赠人身份。",
    ),
    "med_ins_form": MaterialSpec(
        "城乡居民基本医疗保险参保登记表", "医疗保障经办机构" + _FORM, "本人或监护人签字。"
    ),
    "remote_form": MaterialSpec(
        "基本医疗保险参保人员异地就医备案表",
        "医疗保障经办机构" + _FORM,
        "通过国家医保服务平台APP办理的在线填写，个人承诺即可。",
    ),
    "maternity_app": MaterialSpec(
        "生育保险待遇申领表", "医疗保障经办机构" + _FORM, "用人单位加盖公章，本人签字。"
    ),
    # -- health -----------------------------------------------------------------------------
    "hospital_app": MaterialSpec(
        "医疗机构执业登记申请书", "卫生健康部门" + _FORM, "法定代表人（主要负责人）签字并加盖公章。"
    ),
    "hospital_staff": MaterialSpec(
        "医疗机构人员名录及执业资格证书",
        "申请人",
        "卫生技术人员数量和资质符合《医疗机构基本标准》。",
    ),
    "hospital_rules": MaterialSpec(
        "医疗机构规章制度和建筑设计平面图", "申请人", "平面图标明科室布局、面积和流程。"
    ),
    "physician_app": MaterialSpec(
        "医师执业注册申请审核表", "卫生健康部门" + _FORM, "本人签字，拟执业机构签署意见。"
    ),
    "physician_cert": MaterialSpec("医师资格证书", "卫生健康部门", "真实有效。"),
    "nurse_app": MaterialSpec(
        "护士执业注册申请审核表", "卫生健康部门" + _FORM, "本人签字，拟执业机构签署意见。"
    ),
    "nurse_exam": MaterialSpec(
        "护士执业资格考试成绩合格证明", "卫生健康部门", "考试成绩合格之日起3年内申请。"
    ),
    "health_exam": MaterialSpec(
        "健康体检证明", "二级以上医疗机构", "申请前6个月内出具，符合执业注册健康标准。"
    ),
    "public_place_app": MaterialSpec(
        "公共场所卫生许可申请表", "行政审批部门" + _FORM, "法定代表人（负责人）签字并加盖公章。"
    ),
    "public_place_test": MaterialSpec(
        "公共场所卫生检测或评价报告",
        "具备资质的检测机构",
        "检测项目和结果符合国家卫生标准；实行告知承诺的可在领证后30日内补交。",
    ),
    "commitment": MaterialSpec(
        "告知承诺书", "审批机关" + _FORM, "申请人签字（盖章），承诺符合许可条件并承担不实承诺的责任。"
    ),
    # -- transport --------------------------------------------------------------------------
    "passenger_app": MaterialSpec(
        "道路旅客运输经营申请表", "交通运输部门" + _FORM, "法定代表人签字并加盖公章。"
    ),
    "freight_app": MaterialSpec(
        "道路货物运输经营申请表", "交通运输部门" + _FORM, "法定代表人签字并加盖公章。"
    ),
    "taxi_app": MaterialSpec("巡游出租汽车经营申请表", "交通运输部门" + _FORM, "法定代表人签字并加盖公章。"),
    "vehicles": MaterialSpec(
        "拟投入车辆承诺书及车辆技术资料",
        "申请人",
        "载明车辆数量、类型、技术等级和座位数；已购置车辆的提交机动车行驶证。",
    ),
    "drivers": MaterialSpec(
        "拟聘用驾驶人员的机动车驾驶证和从业资格证",
        "公安机关交通管理部门、交通运输部门",
        "驾驶人员3年内无重大以上交通责任事故。",
    ),
    "safety_rules": MaterialSpec(
        "安全生产管理制度文本",
        "申请人",
        "包括安全生产责任制、操作规程、监督检查、驾驶员和车辆安全管理制度。",
    ),
    "taxi_plan": MaterialSpec(
        "巡游出租汽车经营服务方案", "申请人", "载明服务质量承诺、车辆及人员管理和投诉处理措施。"
    ),
    "driving_licence": MaterialSpec(
        "机动车驾驶证", "公安机关交通管理部门", "取得相应准驾车型驾驶证3年以上。"
    ),
    "taxi_exam": MaterialSpec(
        "出租汽车驾驶员从业资格考试合格证明", "交通运输部门", "全国公共科目和区域科目考试均合格。"
    ),
    "no_accident": MaterialSpec(
        "无交通肇事犯罪、危险驾驶犯罪记录和驾驶证未被记满12分的证明",
        "公安机关",
        "可通过部门数据共享核查的免于提交。",
    ),
    "oversize_app": MaterialSpec(
        "公路超限运输申请表", "交通运输部门" + _FORM, "载明货物名称、外廓尺寸、质量和通行路线。"
    ),
    "oversize_docs": MaterialSpec(
        "车辆行驶证、车货总体外廓尺寸图和护送方案",
        "公安机关交通管理部门、申请人",
        "车货总体外廓尺寸图标明长宽高和轴荷分布。",
    ),
    # -- environment ------------------------------------------------------------------------
    "eia_app": MaterialSpec(
        "建设项目环境影响评价文件审批申请书", "生态环境部门" + _FORM, "建设单位加盖公章。"
    ),
    "eia_report": MaterialSpec(
        "环境影响报告书（表）",
        "环境影响评价文件编制单位",
        "编制单位和编制人员在环境影响评价信用平台登记；同时提交删除涉密内容的全本公开版。",
    ),
    "eia_participation": MaterialSpec("公众参与说明", "建设单位", "按《环境影响评价公众参与办法》编制。"),
    "discharge_app": MaterialSpec(
        "排污许可证申请表",
        "全国排污许可证管理信息平台",
        "在平台在线填报，法定代表人承诺所填信息真实。",
    ),
    "hazard_app": MaterialSpec(
        "危险废物经营许可证申请书", "生态环境部门" + _FORM, "法定代表人签字并加盖公章。"
    ),
    "hazard_docs": MaterialSpec(
        "危险废物经营设施、技术人员和污染防治措施证明材料",
        "申请人",
        "包括处置设施清单、3名以上环境工程专业技术人员证明、事故应急预案和监测报告。",
    ),
    "soil_app": MaterialSpec(
        "生产建设项目水土保持方案审批申请", "行政审批部门" + _FORM, "建设单位加盖公章。"
    ),
    "soil_plan": MaterialSpec(
        "水土保持方案报告书（表）", "水土保持方案编制单位", "符合《生产建设项目水土保持技术标准》。"
    ),
    # -- investment and construction --------------------------------------------------------
    "project_report": MaterialSpec(
        "企业投资项目申请报告",
        "项目单位（可自行编制或委托咨询机构）",
        "按《项目申请报告通用文本》编制，包括项目单位情况、拟建项目情况、资源利用和生态环境影响分析等。",
    ),
    "land_opinion": MaterialSpec(
        "建设项目用地预审与选址意见书", "自然资源和规划部门", "在有效期内，与项目名称、规模一致。"
    ),
    "project_record": MaterialSpec(
        "企业投资项目备案信息",
        "全国投资项目在线审批监管平台",
        "在线填报项目单位、项目名称、建设地点、建设规模和内容、总投资额，并承诺信息真实。",
    ),
    "permit_app": MaterialSpec("建筑工程施工许可申请表", "住房城乡建设部门" + _FORM, "建设单位加盖公章。"),
    "building_permit": MaterialSpec(
        "建设工程规划许可证", "自然资源和规划部门", "与申请工程一致；可通过部门共享获取的免于提交。"
    ),
    "contracts": MaterialSpec(
        "施工合同及中标通知书",
        "建设单位、招标人",
        "依法必须招标的工程提交中标通知书；施工单位具备相应资质。",
    ),
    "funds": MaterialSpec("建设资金已经落实承诺书", "建设单位", "法定代表人签字并加盖公章。"),
    "presale_app": MaterialSpec("商品房预售许可申请表", "住房城乡建设部门" + _FORM, "开发企业加盖公章。"),
    "land_cert": MaterialSpec(
        "国有土地使用权证明（不动产权证书）", "不动产登记机构", "土地用途和使用期限与项目一致。"
    ),
    "presale_plan": MaterialSpec(
        "商品房预售方案和工程形象进度证明",
        "开发企业、监理单位",
        "投入开发建设资金达到工程建设总投资的25%以上，并已确定施工进度和竣工交付日期。",
    ),
    "qualification_app": MaterialSpec(
        "建筑业企业资质申请表",
        "住房城乡建设部门（山东省建筑市场监管与诚信信息一体化平台）",
        "在线填报，法定代表人签字。",
    ),
    "key_staff": MaterialSpec(
        "企业主要人员证明材料",
        "申请人",
        "注册建造师、技术负责人和技术工人的身份证明、职称或资格证书，与社保缴纳单位一致。",
    ),
    "completion_report": MaterialSpec(
        "工程竣工验收报告", "建设单位", "建设、勘察、设计、施工、监理单位签章齐全。"
    ),
    "acceptance_docs": MaterialSpec(
        "规划、消防等专项验收认可文件",
        "自然资源和规划部门、住房城乡建设部门",
        "可通过工程建设项目审批管理系统共享获取的免于提交。",
    ),
    "fire_app": MaterialSpec("建设工程消防验收申请表", "行政审批部门" + _FORM, "建设单位加盖公章。"),
    "fire_docs": MaterialSpec(
        "工程竣工验收报告和涉及消防的建设工程竣工图纸",
        "建设单位、设计单位",
        "竣工图纸与施工图一致，设计单位盖章。",
    ),
    "planning_app": MaterialSpec(
        "建设用地规划许可申请表", "自然资源和规划部门" + _FORM, "建设单位加盖公章。"
    ),
    "land_contract": MaterialSpec(
        "国有建设用地使用权出让合同或划拨决定书",
        "自然资源和规划部门",
        "附规划条件；与申请用地范围一致。",
    ),
    "design_plan": MaterialSpec(
        "建设工程设计方案（总平面图）",
        "具备资质的设计单位",
        "符合规划条件，附电子报批文件。",
    ),
    "building_planning_app": MaterialSpec(
        "建设工程规划许可申请表", "自然资源和规划部门" + _FORM, "建设单位加盖公章。"
    ),
    # -- real estate registration -----------------------------------------------------------
    "registry_app": MaterialSpec(
        "不动产登记申请书", "不动产登记机构" + _FORM, "申请人签字（盖章）；共同申请的双方签字。"
    ),
    "deed_tax": MaterialSpec(
        "契税等税费完税信息",
        "税务机关",
        "通过“一窗受理”平台实时共享，申请人无需提交纸质完税凭证。",
    ),
    "land_payment": MaterialSpec(
        "土地出让价款及相关税费缴纳凭证", "自然资源和规划部门、税务机关", "金额与出让合同一致。"
    ),
    "cadastral": MaterialSpec(
        "不动产权籍调查成果", "具备资质的测绘单位", "宗地图、界址点坐标等成果经审核合格。"
    ),
    "query_app": MaterialSpec(
        "不动产登记资料查询申请书", "不动产登记机构" + _FORM, "查询人签字，写明查询目的。"
    ),
    # -- associations -----------------------------------------------------------------------
    "society_app": MaterialSpec(
        "社会团体成立登记申请书", "发起人" + _FORM, "发起人签字，写明宗旨、业务范围和活动地域。"
    ),
    "society_approval": MaterialSpec(
        "业务主管单位批准文件", "业务主管单位", "直接登记的行业协会商会等免于提交。"
    ),
    "society_charter": MaterialSpec(
        "社会团体章程草案", "发起人", "经会员大会或会员代表大会通过，符合章程示范文本要求。"
    ),
    "society_capital": MaterialSpec(
        "验资报告和住所使用证明",
        "会计师事务所、产权单位",
        "全国性社会团体活动资金10万元以上，地方性和跨行政区域的3万元以上。",
    ),
    "id_form": MaterialSpec(
        "中华人民共和国居民身份证申领登记表", "公安机关（窗口现场填写）", "本人签字确认。"
    ),
    "exit_form": MaterialSpec(
        "中国公民出入境证件申请表", "公安机关出入境管理机构" + _FORM, "本人签字；照片可现场采集。"
    ),
}


# ---------------------------------------------------------------------------------------------
# The data: fees
# ---------------------------------------------------------------------------------------------

_REAL_ESTATE_FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）"
)
FEE_ID_CARD = FeeSpec(
    "居民身份证工本费",
    Decimal("20.00"),
    "换领、补领第二代居民身份证每证20元；首次申领和16周岁以下换领按规定减免",
    "《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》（发改价格〔2003〕2322号）",
)
FEE_EXIT_PERMIT = FeeSpec(
    "往来港澳通行证",
    Decimal("60.00"),
    "电子往来港澳通行证每证60元",
    "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）",
)
FEE_EXIT_ENDORSEMENT = FeeSpec(
    "往来港澳签注",
    Decimal("15.00"),
    "赴香港或澳门一次有效签注每件15元；二次有效签注每件30元",
    "《国家发展改革委 财政部关于降低部分行政事业性收费标准的通知》（发改价格〔2019〕914号）",
)
FEE_REGISTRATION_HOME = FeeSpec(
    "不动产登记费（住宅类）",
    Decimal("80.00"),
    "住宅类不动产登记每件80元（含第一本不动产权证书工本费），每增加一本证书加收工本费10元",
    _REAL_ESTATE_FEE_BASIS,
)
FEE_REGISTRATION_OTHER = FeeSpec(
    "不动产登记费（非住宅类）",
    Decimal("550.00"),
    "非住宅类不动产登记每件550元（含第一本不动产权证书工本费），每增加一本证书加收工本费10元",
    _REAL_ESTATE_FEE_BASIS,
)


# ---------------------------------------------------------------------------------------------
# The data: the items
# ---------------------------------------------------------------------------------------------

PERSON = (ServiceObject.NATURAL_PERSON,)
ENTERPRISE = (ServiceObject.ENTERPRISE, ServiceObject.OTHER)
ORGANISATIONS = (
    ServiceObject.ENTERPRISE,
    ServiceObject.INSTITUTION,
    ServiceObject.SOCIAL_ORGANISATION,
    ServiceObject.OTHER,
)
WINDOW_ONLY = (HandlingForm.WINDOW,)
EVERY_WAY = (HandlingForm.WINDOW, HandlingForm.ONLINE_PC, HandlingForm.ONLINE_MOBILE, HandlingForm.POST)

AGENT = Need("poa", 1, 0, when="委托他人代办的，提供授权委托书及代理人居民身份证")
AGENT_ORG = Need("poa", 1, 0, when="委托代理人办理的，提供加盖公章的授权委托书及代理人居民身份证")
ID = Need("id", 1, 1)
ID_CHECK = Need("id", 1, 0, notes="原件现场核验，不收复印件")
LICENCE = Need("licence", 0, 1, notes="加盖公章的复印件")
LICENCE_SHARED = Need(
    "licence", 0, 0, medium=MaterialMedium.ELECTRONIC, notes="通过电子营业执照共享核验，无需提交纸质件"
)
LEGAL_REP_ID = Need("id", 0, 1, notes="法定代表人（负责人）居民身份证复印件")
E = MaterialMedium.ELECTRONIC
BOTH = MaterialMedium.BOTH

_NATIONAL_EXIT_NOTE = "自受理之日起7日内制证（国家移民管理局承诺时限）"

ITEMS: tuple[ItemSpec, ...] = (
    # =========================================================================================
    # 市场监督管理局 (windows 10–13, 企业开办区)
    # =========================================================================================
    ItemSpec(
        CITY,
        "SCJG",
        10001,
        "企业设立登记",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.JOINT,
        legal=3,
        legal_note=(
            "《中华人民共和国市场主体登记管理条例》第十九条：申请材料齐全、符合法定形式的当场登记；"
            "不能当场登记的，应当在3个工作日内予以登记，情形复杂的经批准可再延长3个工作日。"
        ),
        promised=1,
        promised_note=(
            "企业开办“一窗通”：营业执照、公章刻制、发票和税务Ukey申领、社保和公积金登记1个工作日内全部办结。"
        ),
        basis=(
            "《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第三条、第十九条；"
            "《中华人民共和国市场主体登记管理条例实施细则》第十七条"
        ),
        conditions=(
            "1. 有符合规定的企业名称（通过企业名称自主申报系统申报）；2. 股东（发起人）符合法定人数；"
            "3. 有符合公司章程规定的出资；4. 有公司章程；5. 有公司住所；6. 有符合公司要求的组织机构。"
        ),
        result="营业执照（纸质营业执照和电子营业执照）",
        materials=(
            Need("company_app", 1, 0, medium=BOTH),
            Need("articles", 1, 0, medium=BOTH),
            Need("shareholders", 0, 1),
            Need("officers", 1, 0),
            Need("premises", 0, 1),
            LEGAL_REP_ID,
            AGENT_ORG,
        ),
        keywords="营业执照 开公司 注册公司 企业开办 一窗通 公司设立",
        themes=("start-business",),
        budgets=(0, 1, 0, 0, 0),
        forms=EVERY_WAY,
        joint=("SW", "GA", "RSJ"),
        fully_online=True,
        delivery=True,
        windows=(10, 11, 12, 13),
        scope=ServiceScope.CROSS_COUNTY,
        faq=(
            "问：开办企业要跑几次？答：通过山东省企业开办“一窗通”平台全程网办，营业执照、印章、税务Ukey"
            "免费邮寄到家，一次都不用跑；也可到企业开办专区窗口一次办结。"
        ),
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10002,
        "企业变更登记",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.IMMEDIATE,
        legal=3,
        legal_note="《中华人民共和国市场主体登记管理条例》第十九条：不能当场登记的，应当在3个工作日内予以登记。",
        promised=0,
        promised_note="材料齐全、符合法定形式的当场办结。",
        basis="《中华人民共和国市场主体登记管理条例》第二十四条、第二十五条",
        conditions="企业变更名称、住所、法定代表人、注册资本、经营范围等登记事项，应当自作出变更决议之日起30日内申请变更登记。",
        result="营业执照（变更后）或准予变更登记通知书",
        materials=(
            Need("company_app", 1, 0, medium=BOTH),
            Need("resolution", 1, 0),
            Need("articles", 1, 0, when="变更事项涉及公司章程修改的，提交修改后的章程或章程修正案"),
            Need("premises", 0, 1, when="变更住所的，提交新住所使用证明"),
            AGENT_ORG,
        ),
        keywords="变更法人 变更地址 变更经营范围 营业执照变更 企业变更",
        themes=("start-business",),
        fully_online=True,
        delivery=True,
        windows=(10, 11, 12, 13),
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10003,
        "企业注销登记",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.IMMEDIATE,
        legal=3,
        legal_note="《中华人民共和国市场主体登记管理条例》第十九条：不能当场登记的，应当在3个工作日内予以登记。",
        promised=0,
        promised_note="材料齐全的当场办结；适用简易注销的，公示期（20日）满无异议后当场办结。",
        basis="《中华人民共和国公司法》第二百三十九条；《中华人民共和国市场主体登记管理条例》第三十一条、第三十三条",
        conditions="企业已依法完成清算（适用简易注销的，未发生债权债务或已将债权债务清偿完结），且已办结清税手续。",
        result="准予注销登记通知书",
        materials=(
            Need("company_app", 1, 0, medium=BOTH),
            Need("liquidation", 1, 0),
            Need("resolution", 1, 0),
            Need("licence", 1, 0, notes="交回纸质营业执照正、副本"),
            AGENT_ORG,
        ),
        keywords="公司注销 简易注销 注销营业执照 企业注销",
        themes=("close-business",),
        fully_online=True,
        windows=(10, 11, 12, 13),
        special="适用简易注销程序的，通过国家企业信用信息公示系统公示20日，公示期不计入办理时限。",
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10004,
        "食品经营许可",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note=(
            "《食品经营许可管理办法》第二十条：自受理申请之日起20个工作日内作出是否准予行政许可的决定；"
            "因特殊原因需要延长期限的，经本行政机关负责人批准，可以延长10个工作日。"
        ),
        promised=5,
        promised_note="需要现场核查的5个工作日内办结；实行告知承诺的当场发证。",
        basis=(
            "《中华人民共和国食品安全法》第三十五条；《中华人民共和国行政许可法》第四十二条；"
            "《食品经营许可管理办法》第四条、第十条、第二十条"
        ),
        conditions=(
            "1. 具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，"
            "并与有毒、有害场所以及其他污染源保持规定的距离；"
            "2. 具有与经营的食品品种、数量相适应的经营设备或者设施；"
            "3. 有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；"
            "4. 具有合理的设备布局和工艺流程。"
        ),
        result="食品经营许可证",
        materials=(
            Need("food_app", 1, 0),
            LICENCE,
            LEGAL_REP_ID,
            Need("food_layout", 1, 0),
            Need("food_rules", 1, 0),
            Need("health_certs", 0, 1),
            AGENT_ORG,
        ),
        keywords="食品经营许可证 餐饮 开饭店 食品店 超市 食品许可",
        themes=("operating-licence",),
        template="promised-3",
        budgets=(0, 3, 1, 1, 0, 0),
        forms=EVERY_WAY,
        delivery=True,
        windows=(12, 13),
        special="现场核查：需要对申请材料的实质内容进行核实的，由2名以上核查人员进行现场核查。",
        faq="问：只卖预包装食品需要办许可证吗？答：仅销售预包装食品的，实行备案管理，无需办理食品经营许可。",
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10005,
        "药品经营许可（零售）",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《药品经营和使用质量监督管理办法》第十五条：自受理申请之日起20日内作出决定。",
        promised=10,
        promised_note="含现场检查，10个工作日内办结。",
        basis=(
            "《中华人民共和国药品管理法》第五十一条、第五十二条；"
            "《药品经营和使用质量监督管理办法》第十条、第十五条"
        ),
        conditions=(
            "1. 有依法经过资格认定的药师或者其他药学技术人员；"
            "2. 有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境；"
            "3. 有与所经营药品相适应的质量管理机构或者人员；"
            "4. 有保证药品质量的规章制度，并符合药品经营质量管理规范要求。"
        ),
        result="药品经营许可证",
        materials=(
            Need("drug_app", 1, 0),
            LICENCE,
            LEGAL_REP_ID,
            Need("pharmacist", 1, 1),
            Need("gsp_docs", 1, 0),
            Need("premises", 0, 1),
            AGENT_ORG,
        ),
        keywords="药店 药品零售 药品经营许可证 开药店",
        themes=("operating-licence",),
        template="promised-3",
        delivery=True,
        windows=(12, 13),
        special="现场检查：按《药品经营质量管理规范》组织现场检查。",
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10006,
        "第二类医疗器械经营备案",
        ItemType.OTHER,
        ENTERPRISE,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《医疗器械经营监督管理办法》：材料齐全、符合要求的当场予以备案。",
        promised=0,
        promised_note="当场备案，发放备案编号。",
        basis="《医疗器械监督管理条例》第四十一条；《医疗器械经营监督管理办法》第二十二条",
        conditions="有与经营规模和经营范围相适应的经营场所、贮存条件和质量管理制度、质量管理机构或者人员。",
        result="第二类医疗器械经营备案凭证",
        materials=(
            Need("device_record", 1, 0, medium=BOTH),
            LICENCE_SHARED,
            Need("premises", 0, 1),
            AGENT_ORG,
        ),
        keywords="医疗器械 二类备案 医疗器械经营",
        themes=("operating-licence",),
        fully_online=True,
        windows=(12, 13),
    ),
    ItemSpec(
        CITY,
        "SCJG",
        10007,
        "特种设备使用登记",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=15,
        legal_note=(
            "《特种设备使用管理规则》（TSG 08—2017）：登记机关自受理之日起15个工作日内完成审查并发证。"
        ),
        promised=3,
        promised_note="材料齐全的3个工作日内发证；电梯、锅炉等同步核查监督检验结论。",
        basis="《中华人民共和国特种设备安全法》第三十三条；《特种设备安全监察条例》第二十五条",
        conditions="特种设备经监督检验合格（需监督检验的），在投入使用前或者投入使用后30日内申请使用登记。",
        result="特种设备使用登记证",
        materials=(
            Need("equipment_form", 2, 0),
            LICENCE,
            Need("equipment_docs", 0, 1),
            AGENT_ORG,
        ),
        keywords="电梯 锅炉 压力容器 叉车 使用登记证 特种设备",
        themes=("operating-licence",),
        forms=EVERY_WAY,
        delivery=True,
        windows=(12, 13),
    ),
    # =========================================================================================
    # 税务局 (windows 14–15)
    # =========================================================================================
    ItemSpec(
        CITY,
        "SW",
        20001,
        "发票领用",
        ItemType.OTHER,
        ORGANISATIONS + PERSON,
        CaseKind.IMMEDIATE,
        legal=5,
        legal_note="《中华人民共和国发票管理办法实施细则》：主管税务机关自受理之日起5个工作日内确认发票种类和数量。",
        promised=0,
        promised_note="即时办结；电子税务局申领的纸质发票免费邮寄。",
        basis="《中华人民共和国发票管理办法》第十五条；《中华人民共和国发票管理办法实施细则》第十五条",
        conditions="已办理税务登记（信息确认）的纳税人，需要使用发票的。",
        result="发票（数电发票额度或纸质发票）",
        materials=(
            Need("invoice_form", 0, 0, medium=E),
            Need("id", 1, 0, notes="经办人居民身份证，已实名采集的免于提交"),
        ),
        keywords="领发票 发票申领 电子发票 数电票 领票 发票领用",
        themes=("tax", "start-business"),
        fully_online=True,
        online_url="https://etax.shandong.chinatax.gov.cn/",
        delivery=True,
        scope=ServiceScope.NATIONAL,
    ),
    ItemSpec(
        CITY,
        "SW",
        20002,
        "税务登记（一照一码户信息确认）",
        ItemType.CONFIRMATION,
        ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《中华人民共和国税收征收管理法》第十五条：税务机关应当于收到申报的当日办理登记。",
        promised=0,
        promised_note="当日办结；企业开办一窗通同步推送的自动完成。",
        basis="《中华人民共和国税收征收管理法》第十五条；《税务登记管理办法》第八条",
        conditions="领取加载统一社会信用代码营业执照的纳税人，首次办理涉税事宜时确认登记信息。",
        result="税务登记信息确认",
        materials=(Need("tax_info", 0, 0, medium=E), LICENCE_SHARED),
        keywords="税务登记 新办纳税人 报到 税务报到 一照一码",
        themes=("tax", "start-business"),
        fully_online=True,
        online_url="https://etax.shandong.chinatax.gov.cn/",
    ),
    ItemSpec(
        CITY,
        "SW",
        20003,
        "增值税专用发票（增值税税控系统）最高开票限额审批",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国行政许可法》第四十二条：自受理之日起20个工作日内作出行政许可决定。",
        promised=10,
        promised_note="最高开票限额十万元及以下的当场办结；一百万元及以上需实地查验的10个工作日内办结。",
        basis=(
            "《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）附件第236项；"
            "《国家税务总局关于简化增值税发票领用和使用程序有关问题的公告》（2014年第19号）"
        ),
        conditions="增值税一般纳税人（含按规定可自行开具增值税专用发票的小规模纳税人），确有开票需要的。",
        result="准予税务行政许可决定书",
        materials=(Need("invoice_limit_app", 1, 0), LICENCE_SHARED, AGENT_ORG),
        keywords="最高开票限额 专票限额 增值税专用发票 提额",
        themes=("tax",),
        special="实地查验：申请最高开票限额一百万元及以上的，税务机关进行实地查验。",
        online_url="https://etax.shandong.chinatax.gov.cn/",
    ),
    ItemSpec(
        CITY,
        "SW",
        20004,
        "税务注销（清税）",
        ItemType.OTHER,
        ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=20,
        legal_note="《税务登记管理办法》：税务机关自受理之日起20个工作日内核准注销。",
        promised=0,
        promised_note="未处于税务检查状态、无欠税（滞纳金）及罚款、已缴销发票的纳税人，即时出具清税文书。",
        basis=(
            "《中华人民共和国税收征收管理法》第十六条；《中华人民共和国税收征收管理法实施细则》第十五条；"
            "《国家税务总局关于进一步优化办理企业税务注销程序的通知》（税总发〔2018〕149号）"
        ),
        conditions="纳税人发生解散、破产、撤销等情形，依法终止纳税义务的，在办理市场主体注销登记前办理。",
        result="清税证明",
        materials=(Need("tax_cancel_app", 1, 0, medium=BOTH), LICENCE_SHARED, AGENT_ORG),
        keywords="税务注销 清税证明 注销税务登记",
        themes=("close-business", "tax"),
        fully_online=True,
        online_url="https://etax.shandong.chinatax.gov.cn/",
    ),
    # =========================================================================================
    # 公安局 (windows 16–17, 户籍出入境)
    # =========================================================================================
    ItemSpec(
        CITY,
        "GA",
        30001,
        "居民身份证换领",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.PROMISED,
        unit=TimeUnit.NATURAL_DAY,
        legal=60,
        legal_note=(
            "《中华人民共和国居民身份证法》第十条：公安机关应当自公民提交申领登记表之日起60日内发放居民身份证；"
            "交通不便的地区可以适当延长，但延长的时间不得超过30日。"
        ),
        promised=20,
        promised_note="自受理之日起20日内制证；选择邮寄的，制证完成后免费邮寄到家。",
        basis="《中华人民共和国居民身份证法》第五条、第十条、第二十条",
        conditions="居民身份证有效期满、登记项目变更或者证件严重损坏不能辨认的，应当申请换领。",
        result="中华人民共和国居民身份证",
        materials=(
            Need("id_form", 1, 0),
            Need("hukou", 1, 0),
            Need("id", 1, 0, notes="原居民身份证，换领时交回"),
        ),
        keywords="身份证 换证 身份证到期 换身份证 二代证",
        themes=("household",),
        forms=WINDOW_ONLY,
        visits_reason="需现场采集人像、指纹信息",
        delivery=True,
        fees=(FEE_ID_CARD,),
        windows=(16,),
        scope=ServiceScope.NATIONAL,
        faq="问：在外地工作可以换领身份证吗？答：可以，居民身份证换领、补领实行全国异地受理。",
    ),
    ItemSpec(
        CITY,
        "GA",
        30002,
        "户口迁入登记",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.PROMISED,
        legal=10,
        legal_note="公安机关户口迁移审批时限：自受理之日起10个工作日内作出决定。",
        promised=3,
        promised_note="市内迁移当场办结；跨省迁移“一站式”办理，3个工作日内办结，无需回迁出地开具准迁证。",
        basis=(
            "《中华人民共和国户口登记条例》第十条、第十三条；"
            "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）"
        ),
        conditions="在本市有合法稳定住所（含租赁）、合法稳定就业，或夫妻、父母子女投靠等符合本市落户条件的人员。",
        result="户口簿（迁入后）",
        materials=(
            Need("hukou", 1, 0),
            ID_CHECK,
            Need("property_cert", 1, 1, when="购房落户的，提供不动产权证书"),
            Need("marriage", 1, 1, when="夫妻投靠落户的，提供结婚证"),
            Need("relationship", 1, 1, when="父母子女投靠落户的，提供亲属关系证明"),
            AGENT,
        ),
        keywords="落户 户口迁入 迁户口 准迁证 投靠落户 购房落户",
        themes=("household", "housing"),
        windows=(16,),
        scope=ServiceScope.CROSS_PROVINCE,
    ),
    ItemSpec(
        CITY,
        "GA",
        30003,
        "出生登记",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《中华人民共和国户口登记条例》第七条：婴儿出生后一个月以内申报出生登记，户口登记机关当场办理。",
        promised=0,
        promised_note="材料齐全的当场办结。",
        basis="《中华人民共和国户口登记条例》第七条",
        conditions="婴儿出生后，由户主、亲属、抚养人向婴儿常住地户口登记机关申报出生登记。",
        result="户口簿（新生儿登记页）",
        materials=(
            Need("birth_cert", 1, 1),
            Need("hukou", 1, 0, notes="父母一方的户口簿"),
            Need("id", 1, 1, notes="父母双方居民身份证"),
            Need("marriage", 1, 1, when="父母已登记结婚的，提供结婚证"),
        ),
        keywords="新生儿落户 报户口 上户口 新生儿入户 出生一件事",
        themes=("birth", "household"),
        windows=(16,),
    ),
    ItemSpec(
        CITY,
        "GA",
        30004,
        "死亡注销户口",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《中华人民共和国户口登记条例》第八条：公民死亡，由户主、亲属申报死亡登记，户口登记机关当场注销户口。",
        promised=0,
        promised_note="当场办结。",
        basis="《中华人民共和国户口登记条例》第八条",
        conditions="公民死亡，城市在葬前由户主、亲属、抚养人或者邻居申报。",
        result="户口注销证明",
        materials=(
            Need("death_cert", 1, 1),
            Need("hukou", 1, 0),
            Need("id", 1, 0, notes="逝者居民身份证（交回）和申报人居民身份证"),
        ),
        keywords="注销户口 死亡注销 销户 身后一件事",
        themes=("bereavement", "household"),
        windows=(16,),
    ),
    ItemSpec(
        CITY,
        "GA",
        30005,
        "往来港澳通行证及签注签发",
        ItemType.LICENSING,
        PERSON,
        CaseKind.PROMISED,
        unit=TimeUnit.NATURAL_DAY,
        legal=30,
        legal_note="《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》：公安机关出入境管理机构应在30日内作出决定。",
        promised=7,
        promised_note=_NATIONAL_EXIT_NOTE,
        basis=(
            "《中华人民共和国出境入境管理法》第九条；"
            "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》第四条、第二十三条"
        ),
        conditions="中国内地居民因私事前往香港或澳门的。",
        result="往来港澳通行证及签注",
        materials=(Need("exit_form", 1, 0), ID_CHECK),
        keywords="港澳通行证 港澳签注 去香港 去澳门 出入境",
        themes=("travel",),
        forms=WINDOW_ONLY,
        visits_reason="首次申领需现场采集人像、指纹信息",
        delivery=True,
        fees=(FEE_EXIT_PERMIT, FEE_EXIT_ENDORSEMENT),
        windows=(17,),
        scope=ServiceScope.NATIONAL,
    ),
    ItemSpec(
        CITY,
        "GA",
        30006,
        "印章刻制备案",
        ItemType.OTHER,
        ENTERPRISE,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="印章刻制由审批改为备案，当场备案。",
        promised=0,
        promised_note="企业开办一窗通同步办理，新开办企业首套印章免费刻制。",
        basis=(
            "《国务院关于国家行政机关和企业事业单位社会团体印章管理的规定》（国发〔1999〕25号）；"
            "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）"
        ),
        conditions="依法设立的企业、个体工商户等需要刻制印章的。",
        result="印章刻制备案信息",
        materials=(Need("seal_app", 0, 0, medium=E), LICENCE_SHARED),
        keywords="刻章 公章 印章备案 刻公章",
        themes=("start-business",),
        fully_online=True,
        delivery=True,
        windows=(17,),
    ),
    # =========================================================================================
    # 民政局 (window 22)
    # =========================================================================================
    ItemSpec(
        CITY,
        "MZ",
        40001,
        "内地居民结婚登记",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《婚姻登记条例》第七条：对当事人符合结婚条件的，应当当场予以登记，发给结婚证。",
        promised=0,
        promised_note="当场办结，发给结婚证。",
        basis="《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条、第五条、第七条",
        conditions="男女双方完全自愿，男方年满22周岁、女方年满20周岁，双方均无配偶，且没有直系血亲和三代以内旁系血亲关系。",
        result="结婚证",
        materials=(
            Need("hukou", 1, 0, notes="跨省通办的，可以居住证代替户口簿"),
            ID_CHECK,
            Need("couple_photo", 3, 0),
            Need("marriage_decl", 1, 0),
        ),
        keywords="结婚 领证 结婚证 婚姻登记",
        themes=("marriage",),
        forms=WINDOW_ONLY,
        visits_reason="男女双方必须亲自到婚姻登记机关共同申请，不得委托代理",
        scope=ServiceScope.CROSS_PROVINCE,
        faq="问：可以预约吗？答：可以通过“爱山东”APP预约登记日期，预约后按时到场即可。",
    ),
    ItemSpec(
        CITY,
        "MZ",
        40002,
        "补领婚姻登记证",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《婚姻登记条例》第十七条：婚姻登记机关对当事人的婚姻登记档案进行查证，确认属实的，应当为当事人补发。",
        promised=0,
        promised_note="能查到婚姻登记档案的当场补发。",
        basis="《婚姻登记条例》第十七条",
        conditions="结婚证、离婚证遗失或者损毁的，当事人可以持户口簿、身份证向原办理婚姻登记的机关或者一方常住户口所在地的婚姻登记机关申请补领。",
        result="结婚证或离婚证（补发）",
        materials=(
            Need("hukou", 1, 0),
            ID_CHECK,
            Need("photo", 2, 0, notes="补领结婚证的提交双人合影照片"),
            Need("marriage_reissue_app", 1, 0),
            Need("marriage_record", 1, 0, when="婚姻登记机关查不到档案的，提供其他能证明婚姻关系的有效证明"),
        ),
        keywords="补办结婚证 结婚证丢了 补领离婚证",
        themes=("marriage",),
        forms=WINDOW_ONLY,
        visits_reason="当事人须本人到场申请",
    ),
    ItemSpec(
        CITY,
        "MZ",
        40003,
        "中国公民收养子女登记",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.PROMISED,
        unit=TimeUnit.NATURAL_DAY,
        legal=30,
        legal_note="《中国公民收养子女登记办法》第七条：收养登记机关收到申请及材料后，应当自次日起30日内进行审查。",
        promised=20,
        promised_note="自受理次日起20日内办结；需要收养评估的，评估时间不计入。",
        basis="《中华人民共和国民法典》第一千零九十三条至第一千一百零五条；《中国公民收养子女登记办法》第五条、第七条",
        conditions="收养人无子女或者只有一名子女，有抚养、教育和保护被收养人的能力，未患有在医学上认为不应当收养子女的疾病，无不利于被收养人健康成长的违法犯罪记录，年满30周岁。",
        result="收养登记证",
        materials=(
            Need("adoption_app", 1, 0),
            Need("hukou", 1, 1),
            Need("id", 1, 1),
            Need("adoption_status", 1, 0),
            Need("adoption_health", 1, 0),
            Need("adoptee_docs", 1, 0),
        ),
        keywords="收养 领养 收养登记",
        themes=("birth",),
        template="promised-3",
        forms=WINDOW_ONLY,
        visits_reason="收养关系当事人须亲自到收养登记机关办理",
        special="收养评估：民政部门可以委托第三方机构开展收养评估，评估时间不计入办理时限。",
    ),
    ItemSpec(
        CITY,
        "MZ",
        40004,
        "社会团体成立登记",
        ItemType.LICENSING,
        (ServiceObject.SOCIAL_ORGANISATION, ServiceObject.OTHER),
        CaseKind.PROMISED,
        legal=60,
        legal_note="《社会团体登记管理条例》第十二条：登记管理机关应当自收到全部有效文件之日起60日内作出准予或者不予登记的决定。",
        promised=45,
        promised_note="45个工作日内办结；需征求有关部门意见或专家评估的，所需时间不计入。",
        basis="《社会团体登记管理条例》第三条、第九条、第十条、第十一条、第十二条",
        conditions=(
            "1. 有50个以上的个人会员或者30个以上的单位会员；2. 有规范的名称和相应的组织机构；"
            "3. 有固定的住所；4. 有与其业务活动相适应的专职工作人员；"
            "5. 有合法的资产和经费来源；6. 有独立承担民事责任的能力。"
        ),
        result="社会团体法人登记证书",
        materials=(
            Need("society_app", 1, 0),
            Need("society_approval", 1, 0, when="需经业务主管单位审查同意的，提交批准文件"),
            Need("society_charter", 1, 0),
            Need("society_capital", 1, 1),
            Need("id", 0, 1, notes="拟任负责人居民身份证复印件"),
            AGENT_ORG,
        ),
        keywords="社团 协会 商会 社会组织 社会团体登记",
        template="promised-3",
        budgets=(0, 30, 8, 7, 0, 0),
        delivery=True,
        special="专家评估：必要时组织专家对发起人资格、章程草案等进行评估，时间不计入办理时限。",
    ),
    ItemSpec(
        CITY,
        "MZ",
        40005,
        "惠民殡葬补贴申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="按山东省惠民殡葬政策，自受理之日起20个工作日内审核发放。",
        promised=5,
        promised_note="5个工作日内审核，补贴直接发放至申请人银行账户。",
        basis="《殡葬管理条例》第三条；《山东省殡葬管理规定》；山东省基本殡葬服务费用减免政策",
        conditions="具有本市户籍的逝者，遗体在本市殡仪馆火化的，其亲属可申领基本殡葬服务费用补贴。",
        result="惠民殡葬补贴（资金发放）",
        materials=(
            Need("funeral_app", 1, 0),
            Need("cremation", 1, 1),
            Need("death_cert", 0, 1),
            Need("id", 1, 1, notes="申领人居民身份证"),
            Need("bank_card", 0, 1),
        ),
        keywords="殡葬补贴 丧葬费 火化补贴 身后一件事",
        themes=("bereavement",),
    ),
    # =========================================================================================
    # 人力资源和社会保障局 (windows 18–19)
    # =========================================================================================
    ItemSpec(
        CITY,
        "RSJ",
        50001,
        "社会保障卡申领",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="社会保障卡即时制卡，无法定办理时限。",
        promised=0,
        promised_note="即时制卡，立等可取。",
        basis="《中华人民共和国社会保险法》第五十八条；《社会保障卡管理办法》（人社部发〔2011〕47号）",
        conditions="在本市参加社会保险的人员，或符合条件的其他人员。",
        result="社会保障卡（第三代）",
        materials=(Need("ss_card_app", 1, 0), ID_CHECK, AGENT),
        keywords="社保卡 办社保卡 社会保障卡 补社保卡",
        themes=("social-security",),
        visits_reason="需现场采集照片、设置密码并当场领取实体卡",
        windows=(18,),
        scope=ServiceScope.NATIONAL,
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50002,
        "城乡居民基本养老保险参保登记",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="即时办理，无法定办理时限。",
        promised=0,
        promised_note="即时办结。",
        basis=(
            "《中华人民共和国社会保险法》第二十条；"
            "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）"
        ),
        conditions="年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民。",
        result="参保登记信息",
        materials=(
            Need("resident_pension_form", 0, 0, medium=E),
            Need("id", 0, 0, medium=E, notes="实名认证"),
        ),
        keywords="居民养老保险 城乡居民养老 养老参保 居民社保",
        themes=("social-security", "retirement"),
        fully_online=True,
        windows=(18, 19),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50003,
        "企业职工基本养老保险待遇申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="社会保险经办机构自受理之日起20个工作日内完成待遇核定。",
        promised=5,
        promised_note="退休“一件事”：退休审批和待遇核定5个工作日内办结，次月发放养老金。",
        basis="《中华人民共和国社会保险法》第十六条；《国务院关于完善企业职工基本养老保险制度的决定》（国发〔2005〕38号）",
        conditions="达到法定退休年龄且累计缴费满15年（或按规定补缴、延长缴费满15年）的参保人员。",
        result="基本养老金待遇核定表",
        materials=(
            Need("retire_form", 1, 0),
            ID,
            Need("archives", 1, 0, when="需审核出生时间或视同缴费年限的，提供人事档案"),
            Need("bank_card", 0, 1),
            AGENT,
        ),
        keywords="退休 养老金 退休手续 办理退休 养老待遇",
        themes=("retirement",),
        windows=(18, 19),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50004,
        "失业保险金申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=10,
        legal_note="《失业保险金申领发放办法》：经办机构自受理之日起10日内对申领者的资格进行审核认定。",
        promised=0,
        promised_note="即时审核，当月发放。",
        basis="《中华人民共和国社会保险法》第四十五条、第五十条；《失业保险条例》第十四条、第十六条",
        conditions="失业前用人单位和本人已经缴纳失业保险费满一年，非因本人意愿中断就业，已经进行失业登记并有求职要求。",
        result="失业保险金",
        materials=(
            Need("unemployment_app", 0, 0, medium=E),
            Need("labour_end", 0, 0, medium=E),
            Need("bank_card", 0, 0, medium=E),
        ),
        keywords="失业金 失业保险金 领失业金 失业补助",
        themes=("employment",),
        fully_online=True,
        windows=(18, 19),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50005,
        "丧葬补助金、抚恤金申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="社会保险经办机构自受理之日起20个工作日内核定发放。",
        promised=5,
        promised_note="5个工作日内核定，一次性发放。",
        basis="《中华人民共和国社会保险法》第十七条、第四十九条",
        conditions="参加基本养老保险的个人因病或者非因工死亡的，其遗属可以领取丧葬补助金和抚恤金。",
        result="丧葬补助金、抚恤金",
        materials=(
            Need("death_benefit_app", 1, 0),
            Need("death_cert", 0, 1),
            Need("relationship", 1, 1),
            Need("id", 1, 1, notes="申领人居民身份证"),
            Need("bank_card", 0, 1),
        ),
        keywords="丧葬费 抚恤金 丧葬补助金 身后一件事",
        themes=("bereavement",),
        windows=(18, 19),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50006,
        "专业技术人员职业资格证书补办",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《专业技术人员职业资格证书管理工作规程（试行）》：自受理之日起20个工作日内补发。",
        promised=5,
        promised_note="5个工作日内办结；可选择电子证书，即时生成。",
        basis="《国务院关于取消一批行政许可事项的决定》；《专业技术人员职业资格证书管理工作规程（试行）》",
        conditions="已取得专业技术人员职业资格证书，因遗失或损毁需要补办的。",
        result="专业技术人员职业资格证书（补发）",
        materials=(Need("cert_reissue_app", 1, 0), ID, Need("photo", 1, 0), AGENT),
        keywords="职业资格 资格证书 补证 证书遗失 职称证书",
        themes=("education", "employment"),
        delivery=True,
        windows=(19,),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50007,
        "职业技能培训补贴申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="自受理之日起20个工作日内审核发放。",
        promised=10,
        promised_note="10个工作日内审核，补贴直接发放至本人社会保障卡金融账户。",
        basis="《中华人民共和国就业促进法》第四十六条、第四十八条；《山东省职业技能提升行动实施方案》",
        conditions="参加职业技能培训并取得职业资格证书、职业技能等级证书或专项职业能力证书的城乡劳动者。",
        result="职业技能培训补贴",
        materials=(Need("training_app", 1, 0), ID, Need("training_cert", 0, 1), Need("bank_card", 0, 1)),
        keywords="培训补贴 技能补贴 职业培训 技能提升",
        themes=("education", "employment"),
        windows=(19,),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50008,
        "劳务派遣经营许可",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《劳务派遣行政许可实施办法》第十一条：自受理申请之日起20个工作日内作出是否准予行政许可的决定。",
        promised=10,
        promised_note="10个工作日内办结。",
        basis="《中华人民共和国劳动合同法》第五十七条；《劳务派遣行政许可实施办法》第六条、第十一条",
        conditions=(
            "1. 注册资本不得少于人民币200万元；2. 有与开展业务相适应的固定的经营场所和设施；"
            "3. 有符合法律、行政法规规定的劳务派遣管理制度。"
        ),
        result="劳务派遣经营许可证",
        materials=(
            Need("dispatch_app", 1, 0),
            LICENCE,
            Need("capital_proof", 0, 1),
            Need("premises", 0, 1),
            Need("dispatch_rules", 1, 0),
            AGENT_ORG,
        ),
        keywords="劳务派遣 派遣许可 劳务派遣经营许可证",
        themes=("hr",),
        template="promised-3",
        delivery=True,
        windows=(19,),
    ),
    ItemSpec(
        CITY,
        "RSJ",
        50009,
        "单位社会保险登记",
        ItemType.CONFIRMATION,
        ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=15,
        legal_note="《中华人民共和国社会保险法》第五十七条：社会保险经办机构应当自收到申请之日起15日内予以审核。",
        promised=0,
        promised_note="企业开办一窗通同步办理，即时办结。",
        basis="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》第七条",
        conditions="用人单位应当自成立之日起30日内申请办理社会保险登记。",
        result="社会保险登记信息（单位参保编号）",
        materials=(Need("ss_unit_form", 0, 0, medium=E), LICENCE_SHARED),
        keywords="单位参保 社保开户 社会保险登记 企业社保",
        themes=("hr", "start-business"),
        fully_online=True,
        windows=(18, 19),
    ),
    # =========================================================================================
    # 卫生健康委员会 (window 23)
    # =========================================================================================
    ItemSpec(
        CITY,
        "WJW",
        60001,
        "医疗机构执业登记",
        ItemType.LICENSING,
        ORGANISATIONS + PERSON,
        CaseKind.PROMISED,
        legal=45,
        legal_note="《医疗机构管理条例》第十七条及其实施细则：登记机关自受理执业登记申请之日起45日内进行审核。",
        promised=35,
        promised_note="含实地考察核实，35个工作日内办结。",
        basis="《医疗机构管理条例》第十五条、第十六条、第十七条；《医疗机构管理条例实施细则》第二十五条",
        conditions=(
            "1. 按照规定应当办理设置医疗机构批准书的，已取得批准书；2. 符合医疗机构的基本标准；"
            "3. 有适合的名称、组织机构和场所；4. 有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员；"
            "5. 有相应的规章制度；6. 能够独立承担民事责任。"
        ),
        result="医疗机构执业许可证",
        materials=(
            Need("hospital_app", 1, 0),
            Need("premises", 0, 1),
            Need("hospital_staff", 1, 0),
            Need("hospital_rules", 1, 0),
            LEGAL_REP_ID,
            AGENT_ORG,
        ),
        keywords="诊所 医院 医疗机构执业许可证 开诊所",
        themes=("operating-licence", "medical"),
        template="promised-3",
        budgets=(0, 25, 5, 5, 0, 0),
        delivery=True,
        special="实地考察：登记机关对医疗机构的设施、设备和人员进行实地考察、核实。",
    ),
    ItemSpec(
        CITY,
        "WJW",
        60002,
        "出生医学证明补发、换发",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《出生医学证明》管理规定：自受理之日起20个工作日内补发或换发。",
        promised=5,
        promised_note="5个工作日内办结。",
        basis="《中华人民共和国母婴保健法》第二十三条；《中华人民共和国母婴保健法实施办法》第二十五条",
        conditions="在本市助产机构出生，《出生医学证明》遗失、损毁或信息有误需要补发、换发的。",
        result="出生医学证明（补发、换发）",
        materials=(
            Need("birth_reissue_app", 1, 0),
            Need("id", 1, 1, notes="父母双方居民身份证"),
            Need("birth_cert", 1, 0, when="换发的，交回原出生医学证明"),
            Need("hukou", 1, 1, when="新生儿已落户的，提供户口簿"),
        ),
        keywords="出生证明 出生医学证明 补办出生证",
        themes=("birth", "medical"),
    ),
    ItemSpec(
        CITY,
        "WJW",
        60003,
        "医师执业注册",
        ItemType.LICENSING,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国医师法》第十四条：卫生健康主管部门应当自受理申请之日起20个工作日内准予注册。",
        promised=3,
        promised_note="电子化注册，3个工作日内办结。",
        basis="《中华人民共和国医师法》第十三条、第十四条；《医师执业注册管理办法》第十条",
        conditions="取得医师资格，并拟在医疗、预防、保健机构中执业的。",
        result="电子医师执业证书",
        materials=(
            Need("physician_app", 0, 0, medium=E),
            Need("physician_cert", 0, 0, medium=E),
            Need("health_exam", 0, 0, medium=E),
        ),
        keywords="医师注册 执业医师 医师执业证书",
        themes=("employment", "medical"),
        fully_online=True,
    ),
    ItemSpec(
        CITY,
        "WJW",
        60004,
        "护士执业注册",
        ItemType.LICENSING,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《护士条例》第八条：自收到申请之日起20个工作日内作出决定。",
        promised=5,
        promised_note="电子化注册，5个工作日内办结。",
        basis="《护士条例》第七条、第八条；《护士执业注册管理办法》第七条",
        conditions="具有完全民事行为能力，取得护理专业学历，通过护士执业资格考试，符合健康标准。",
        result="电子护士执业证书",
        materials=(
            Need("nurse_app", 0, 0, medium=E),
            Need("nurse_exam", 0, 0, medium=E),
            Need("health_exam", 0, 0, medium=E),
        ),
        keywords="护士注册 护士执业证 护士资格",
        themes=("employment", "medical"),
        fully_online=True,
    ),
    # =========================================================================================
    # 交通运输局 (window 26)
    # =========================================================================================
    ItemSpec(
        CITY,
        "JT",
        70001,
        "道路运输经营许可",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国道路运输条例》第十条：自受理申请之日起20日内审查完毕，作出许可或者不予许可的决定。",
        promised=10,
        promised_note="道路旅客运输（班车、包车）经营许可10个工作日内办结。",
        basis=(
            "《中华人民共和国道路运输条例》第八条、第十条；《道路旅客运输及客运站管理规定》第十二条、第十八条"
        ),
        conditions=(
            "1. 有与其经营业务相适应并经检测合格的客车；2. 有符合规定条件的驾驶人员；"
            "3. 有健全的安全生产管理制度；申请班线经营的，还应当有明确的线路和站点方案。"
        ),
        result="道路运输经营许可证",
        materials=(
            Need("passenger_app", 1, 0),
            LICENCE,
            Need("vehicles", 1, 0),
            Need("drivers", 0, 1),
            Need("safety_rules", 1, 0),
            AGENT_ORG,
        ),
        keywords="道路旅客运输 客运 道路运输经营许可证 包车客运 班车",
        themes=("transport-business",),
        template="promised-3",
        delivery=True,
    ),
    ItemSpec(
        CITY,
        "JT",
        70002,
        "道路货物运输经营许可",
        ItemType.LICENSING,
        ENTERPRISE + PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国道路运输条例》第二十四条：自受理申请之日起20日内审查完毕。",
        promised=5,
        promised_note="5个工作日内办结（使用总质量4500千克及以下普通货运车辆的无需办理）。",
        basis="《中华人民共和国道路运输条例》第二十一条、第二十四条；《道路货物运输及站场管理规定》第六条、第十条",
        conditions="有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员，有健全的安全生产管理制度。",
        result="道路运输经营许可证、道路运输证",
        materials=(
            Need("freight_app", 1, 0),
            LICENCE,
            Need("vehicles", 1, 0),
            Need("drivers", 0, 1),
            Need("safety_rules", 1, 0),
            AGENT_ORG,
        ),
        keywords="货运 道路运输证 货车 物流 货运许可",
        themes=("transport-business",),
        delivery=True,
    ),
    ItemSpec(
        CITY,
        "JT",
        70003,
        "巡游出租汽车经营许可",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《巡游出租汽车经营服务管理规定》第十三条：自受理之日起20日内作出许可或者不予许可的决定。",
        promised=10,
        promised_note="10个工作日内办结。",
        basis="《国务院对确需保留的行政审批项目设定行政许可的决定》第112项；《巡游出租汽车经营服务管理规定》第八条、第十三条",
        conditions="有符合规定的车辆或车辆购置承诺，有取得从业资格证的驾驶员，有健全的经营管理制度、安全生产管理制度和服务质量保障制度，有固定的经营场所和停车场地。",
        result="道路运输经营许可证（巡游出租汽车）",
        materials=(
            Need("taxi_app", 1, 0),
            LICENCE,
            Need("vehicles", 1, 0),
            Need("taxi_plan", 1, 0),
            Need("safety_rules", 1, 0),
            AGENT_ORG,
        ),
        keywords="出租车 出租汽车 巡游出租 出租车公司",
        themes=("transport-business",),
        template="promised-3",
    ),
    ItemSpec(
        CITY,
        "JT",
        70004,
        "出租汽车驾驶员从业资格证核发",
        ItemType.LICENSING,
        PERSON,
        CaseKind.PROMISED,
        legal=10,
        legal_note="《出租汽车驾驶员从业资格管理规定》：自考试合格之日起10日内核发从业资格证。",
        promised=3,
        promised_note="考试合格后3个工作日内核发。",
        basis="《国务院对确需保留的行政审批项目设定行政许可的决定》；《出租汽车驾驶员从业资格管理规定》第十二条",
        conditions="取得相应准驾车型机动车驾驶证并具有3年以上驾驶经历，无交通肇事犯罪、危险驾驶犯罪记录，无吸毒记录，无饮酒后驾驶记录，最近连续3个记分周期内没有记满12分记录，无暴力犯罪记录。",
        result="出租汽车驾驶员从业资格证",
        materials=(
            ID,
            Need("driving_licence", 1, 1),
            Need("taxi_exam", 1, 0),
            Need("no_accident", 1, 0),
            Need("photo", 1, 0),
        ),
        keywords="网约车驾驶员证 出租车司机 从业资格证 网约车",
        themes=("employment", "travel"),
        delivery=True,
    ),
    ItemSpec(
        CITY,
        "JT",
        70005,
        "超限运输车辆行驶公路许可（跨省）",
        ItemType.LICENSING,
        ENTERPRISE + PERSON,
        CaseKind.ESCALATED,
        legal=15,
        legal_note="《超限运输车辆行驶公路管理规定》第十二条：三类大件运输自受理之日起15个工作日内作出决定。",
        promised=10,
        promised_note="窗口受理并初审后2个工作日内报山东省交通运输厅（起运地省级交通运输主管部门统一受理、协调沿线省份），结果返回后当日通知申请人。",
        basis=(
            "《中华人民共和国公路法》第五十条；《公路安全保护条例》第三十五条、第三十六条；"
            "《超限运输车辆行驶公路管理规定》第八条、第十二条"
        ),
        conditions="车货总体外廓尺寸、总质量或轴荷超过规定限值，载运不可解体物品需跨省行驶公路的。",
        result="超限运输车辆通行证",
        materials=(Need("oversize_app", 1, 0), Need("oversize_docs", 0, 1), LICENCE, AGENT_ORG),
        keywords="大件运输 超限运输 超限通行证 大件许可",
        themes=("transport-business",),
        budgets=(0, 1, 1, 8, 0),
        escalation=(CentreLevel.PROVINCE, "山东省交通运输厅"),
        special="需要对公路进行加固改造或者现场勘查的，勘查和加固时间不计入办理时限。",
    ),
    # =========================================================================================
    # 生态环境局 (window 31)
    # =========================================================================================
    ItemSpec(
        CITY,
        "SHJ",
        80001,
        "建设项目环境影响评价审批",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=60,
        legal_note=(
            "《中华人民共和国环境影响评价法》第二十二条：审批部门应当自收到环境影响报告书之日起60日内，"
            "收到环境影响报告表之日起30日内，分别作出审批决定。"
        ),
        promised=20,
        promised_note="报告书20个工作日、报告表10个工作日内办结；技术评估、专家评审和公示时间不计入。",
        basis=(
            "《中华人民共和国环境影响评价法》第十六条、第二十二条；《建设项目环境保护管理条例》第九条；"
            "《中华人民共和国行政许可法》第四十五条"
        ),
        conditions="建设项目符合生态环境保护法律法规和相关法定规划，符合生态保护红线、环境质量底线、资源利用上线和生态环境准入清单要求。",
        result="建设项目环境影响报告书（表）审批意见",
        materials=(
            Need("eia_app", 1, 0),
            Need("eia_report", 1, 0, medium=BOTH),
            Need("eia_participation", 1, 0, when="编制环境影响报告书的项目，提交公众参与说明"),
            LICENCE,
            AGENT_ORG,
        ),
        keywords="环评 环境影响评价 环评审批 环境影响报告书 环境影响报告表",
        themes=("environment", "construction"),
        template="promised-3",
        budgets=(0, 14, 3, 3, 0, 0),
        special="技术评估：委托技术评估机构开展技术评估，评估时间不计入承诺时限；受理和拟审批时各公示5个工作日。",
        intermediary="环境影响评价文件编制：建设单位可自主委托具备相应技术能力的单位编制，审批部门不得指定。",
    ),
    ItemSpec(
        CITY,
        "SHJ",
        80002,
        "排污许可证核发",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《排污许可管理条例》第十三条：审批部门应当自受理申请之日起20日内作出审批决定；需要进行现场核查的，30日内作出决定。",
        promised=10,
        promised_note="10个工作日内办结；需要现场核查的15个工作日内办结。",
        basis="《排污许可管理条例》第六条、第八条、第十三条",
        conditions="依法取得建设项目环境影响评价审批意见或备案，污染防治设施和污染物排放符合国家标准，自行监测方案符合要求。",
        result="排污许可证",
        materials=(
            Need("discharge_app", 0, 0, medium=E),
            Need("eia_report", 0, 0, medium=E, notes="环评审批文件编号，平台自动关联"),
            LICENCE_SHARED,
        ),
        keywords="排污许可 排污证 排污许可证",
        themes=("environment",),
        fully_online=True,
        online_url="http://permit.mee.gov.cn/",
    ),
    ItemSpec(
        CITY,
        "SHJ",
        80003,
        "危险废物经营许可证核发",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.ESCALATED,
        legal=20,
        legal_note="《危险废物经营许可证管理办法》第十一条：发证机关应当自受理申请之日起20个工作日内审查并现场核查，作出决定。",
        promised=10,
        promised_note="窗口受理并初审后2个工作日内报山东省生态环境厅；审批结果返回后当日通知申请人领取。",
        basis="《中华人民共和国固体废物污染环境防治法》第八十条；《危险废物经营许可证管理办法》第五条、第七条、第十一条",
        conditions="有3名以上环境工程专业或相关专业技术人员，有符合要求的运输工具、贮存和处置设施，有保证危险废物经营安全的规章制度、污染防治措施和事故应急救援措施。",
        result="危险废物经营许可证",
        materials=(Need("hazard_app", 1, 0), LICENCE, Need("hazard_docs", 1, 0), AGENT_ORG),
        keywords="危废 危险废物 危废经营许可证",
        themes=("environment",),
        budgets=(0, 1, 1, 8, 0),
        escalation=(CentreLevel.PROVINCE, "山东省生态环境厅"),
        special="现场核查和专家评审：由山东省生态环境厅组织，时间不计入办理时限。",
    ),
    # =========================================================================================
    # 住房和城乡建设局 (windows 28–29)
    # =========================================================================================
    ItemSpec(
        CITY,
        "ZJJ",
        90001,
        "建筑工程施工许可",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=15,
        legal_note="《建筑工程施工许可管理办法》第五条：发证机关应当自收到申请之日起15日内，对符合条件的申请颁发施工许可证。",
        promised=3,
        promised_note="材料齐全的3个工作日内发证；实行告知承诺的当场发证。",
        basis=(
            "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》第二条、第四条、第五条；"
            "《中华人民共和国行政许可法》第四十二条"
        ),
        conditions=(
            "1. 依法应当办理用地批准手续的，已经办理；2. 依法应当办理建设工程规划许可证的，已经取得；"
            "3. 施工场地已经基本具备施工条件；4. 已经确定施工企业；5. 有满足施工需要的技术资料；"
            "6. 有保证工程质量和安全的具体措施；7. 建设资金已经落实。"
        ),
        result="建筑工程施工许可证",
        materials=(
            Need("permit_app", 1, 0, medium=BOTH),
            Need("building_permit", 0, 1),
            Need("contracts", 0, 1),
            Need("funds", 1, 0),
            AGENT_ORG,
        ),
        keywords="施工许可证 开工许可 建筑施工许可 施工证",
        themes=("construction",),
        template="promised-3",
        budgets=(0, 1, 1, 1, 0, 0),
        delivery=True,
        windows=(28, 29),
    ),
    ItemSpec(
        CITY,
        "ZJJ",
        90002,
        "商品房预售许可",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=10,
        legal_note="《城市商品房预售管理办法》第七条：房地产管理部门自受理之日起10日内作出同意预售或者不同意预售的答复。",
        promised=8,
        promised_note="含现场查勘工程形象进度，8个工作日内办结。",
        basis="《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第五条、第六条、第七条",
        conditions="已交付全部土地使用权出让金并取得土地使用权证书，持有建设工程规划许可证和施工许可证，投入开发建设的资金达到工程建设总投资的25%以上，并已确定施工进度和竣工交付日期。",
        result="商品房预售许可证",
        materials=(
            Need("presale_app", 1, 0),
            LICENCE,
            Need("land_cert", 0, 1),
            Need("building_permit", 0, 1),
            Need("presale_plan", 1, 0),
            AGENT_ORG,
        ),
        keywords="预售证 商品房预售 预售许可证 开发商",
        themes=("construction",),
        template="promised-3",
        windows=(28, 29),
        special="现场查勘：核实工程形象进度。",
    ),
    ItemSpec(
        CITY,
        "ZJJ",
        90003,
        "建筑业企业资质核准（施工总承包三级）",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《建筑业企业资质管理规定》：资质许可机关自受理申请之日起20个工作日内完成审查。",
        promised=10,
        promised_note="全程网办，10个工作日内办结；实行告知承诺的5个工作日内办结。",
        basis="《中华人民共和国建筑法》第十三条；《建筑业企业资质管理规定》第九条、第十四条",
        conditions="企业资产、主要人员、技术装备和已完成的建筑工程业绩符合《建筑业企业资质标准》相应等级要求。",
        result="建筑业企业资质证书（电子证书）",
        materials=(
            Need("qualification_app", 0, 0, medium=E),
            LICENCE_SHARED,
            Need("key_staff", 0, 0, medium=E),
        ),
        keywords="建筑资质 施工总承包 资质证书 建筑业企业资质",
        themes=("construction",),
        fully_online=True,
        online_url="http://zjt.shandong.gov.cn/",
    ),
    ItemSpec(
        CITY,
        "ZJJ",
        90004,
        "廉租房保障",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.JOINT,
        unit=TimeUnit.NATURAL_DAY,
        legal=30,
        legal_note=(
            "《廉租住房保障办法》第十七条：住房保障主管部门自收到申请材料之日起15日内审核住房状况，"
            "民政部门自收到申请材料之日起15日内审核家庭收入。"
        ),
        promised=20,
        promised_note="住房和收入状况并联审核，20日内办结；公示期15日不计入。",
        basis=(
            "《廉租住房保障办法》（建设部令第162号）第四条、第十六条、第十七条；"
            "《国务院关于解决城市低收入家庭住房困难的若干意见》（国发〔2007〕24号）"
        ),
        conditions="具有本市城区常住户口，家庭收入符合本市低收入家庭收入标准，且家庭人均住房建筑面积低于本市规定标准的城市低收入住房困难家庭。",
        result="廉租住房保障资格证明（租赁补贴或实物配租）",
        materials=(
            Need("lianzu_app", 1, 0),
            Need("id", 1, 1, notes="申请家庭全部成员居民身份证"),
            Need("hukou", 1, 1),
            Need("household_income", 1, 0),
            Need("housing_status", 1, 0),
            Need("dibao_cert", 1, 1, when="享受最低生活保障的家庭，提供最低生活保障证"),
            Need("disability", 1, 1, when="家庭成员有残疾的，提供残疾人证"),
        ),
        keywords="廉租住房 廉租房 住房保障 租赁补贴 公租房",
        themes=("housing", "assistance"),
        budgets=(0, 15, 2, 1, 0),
        joint=("MZ",),
        visits_reason="需现场核验申请家庭成员身份证件、户口簿原件",
        windows=(28, 29),
        special="公示：审核合格的申请家庭公示15日，公示期不计入办理时限。",
        quantity="按年度保障计划和房源情况轮候配租",
    ),
    ItemSpec(
        CITY,
        "ZJJ",
        90005,
        "房屋建筑和市政基础设施工程竣工验收备案",
        ItemType.OTHER,
        ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=5,
        legal_note="《房屋建筑和市政基础设施工程竣工验收备案管理办法》第七条：备案机关验证文件齐全后签署备案意见。",
        promised=0,
        promised_note="联合验收通过后即时备案。",
        basis="《建设工程质量管理条例》第四十九条；《房屋建筑和市政基础设施工程竣工验收备案管理办法》第四条、第七条",
        conditions="建设单位自工程竣工验收合格之日起15日内申请备案。",
        result="工程竣工验收备案表",
        materials=(Need("completion_report", 1, 0, medium=BOTH), Need("acceptance_docs", 0, 1), AGENT_ORG),
        keywords="竣工验收备案 竣工备案 联合验收",
        themes=("construction",),
        windows=(28, 29),
    ),
    # =========================================================================================
    # 自然资源和规划局 (window 30)
    # =========================================================================================
    ItemSpec(
        CITY,
        "ZRZY",
        91001,
        "建设用地规划许可证核发",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国行政许可法》第四十二条：自受理之日起20个工作日内作出决定。",
        promised=5,
        promised_note="“多审合一、多证合一”，5个工作日内办结；以出让方式取得土地的与用地批准同步核发。",
        basis=(
            "《中华人民共和国城乡规划法》第三十七条、第三十八条；"
            "《自然资源部关于以“多规合一”为基础推进规划用地“多审合一、多证合一”改革的通知》（自然资规〔2019〕2号）"
        ),
        conditions="建设项目符合国土空间规划和规划条件，已签订国有建设用地使用权出让合同或取得划拨决定书。",
        result="建设用地规划许可证",
        materials=(Need("planning_app", 1, 0), Need("land_contract", 0, 1), LICENCE, AGENT_ORG),
        keywords="用地规划许可证 建设用地规划 规划许可",
        themes=("construction",),
        delivery=True,
    ),
    ItemSpec(
        CITY,
        "ZRZY",
        91002,
        "建设工程规划许可证核发",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国行政许可法》第四十二条：自受理之日起20个工作日内作出决定。",
        promised=10,
        promised_note="含设计方案审查，10个工作日内办结；批前公示时间不计入。",
        basis="《中华人民共和国城乡规划法》第四十条；《中华人民共和国行政许可法》第四十五条",
        conditions="已取得建设用地规划许可证或用地批准文件，建设工程设计方案符合规划条件。",
        result="建设工程规划许可证",
        materials=(
            Need("building_planning_app", 1, 0),
            Need("design_plan", 1, 0, medium=BOTH),
            Need("land_contract", 0, 1),
            AGENT_ORG,
        ),
        keywords="工程规划许可证 建设工程规划 规划证",
        themes=("construction",),
        template="promised-3",
        delivery=True,
        special="批前公示：设计方案总平面图公示7日，公示期不计入办理时限。",
    ),
    # =========================================================================================
    # 不动产登记中心 (windows 32–34)
    # =========================================================================================
    ItemSpec(
        CITY,
        "BDC",
        92001,
        "国有建设用地使用权及房屋所有权转移登记",
        ItemType.CONFIRMATION,
        PERSON + ORGANISATIONS,
        CaseKind.JOINT,
        legal=30,
        legal_note="《不动产登记暂行条例》第二十条：不动产登记机构应当自受理登记申请之日起30个工作日内办结不动产登记手续。",
        promised=3,
        promised_note="交易、缴税、登记“一窗受理、并行办理”，3个工作日内领证；“带押过户”同样适用。",
        basis=(
            "《中华人民共和国民法典》第二百零九条、第二百一十四条；《不动产登记暂行条例》第三条、第十四条、第二十条；"
            "《不动产登记暂行条例实施细则》第三十八条"
        ),
        conditions="买卖、互换、赠与、继承等导致不动产权利转移的，当事人共同申请（继承、受遗赠的可单方申请）。",
        result="不动产权证书",
        materials=(
            Need("registry_app", 1, 0),
            Need("id", 1, 1, notes="买卖双方居民身份证；单位提交营业执照"),
            Need("sale_contract", 1, 0, medium=BOTH),
            Need("property_cert", 1, 0, notes="原不动产权证书，办理后收回"),
            Need("deed_tax", 0, 0, medium=E),
            Need("marriage", 1, 1, when="出卖人已婚的，提供婚姻状况证明"),
            AGENT,
        ),
        keywords="二手房过户 房产过户 不动产转移登记 房产证 不动产权证书 过户 不动产登记",
        themes=("housing",),
        budgets=(0, 2, 1, 0, 0),
        joint=("SW", "ZJJ"),
        visits_reason="需买卖双方到场核验身份并签署询问笔录",
        delivery=True,
        fees=(FEE_REGISTRATION_HOME, FEE_REGISTRATION_OTHER),
        windows=(32, 33),
        faq="问：登记费谁交？答：转移登记的登记费由登记申请人（买方）缴纳，住宅每件80元。",
    ),
    ItemSpec(
        CITY,
        "BDC",
        92002,
        "国有建设用地使用权首次登记",
        ItemType.CONFIRMATION,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=30,
        legal_note="《不动产登记暂行条例》第二十条：自受理登记申请之日起30个工作日内办结。",
        promised=5,
        promised_note="5个工作日内办结；“交地即交证”项目当场办结。",
        basis="《不动产登记暂行条例》第十四条、第二十条；《不动产登记暂行条例实施细则》第三十三条、第三十四条",
        conditions="依法以出让、划拨等方式取得国有建设用地使用权，已缴清土地出让价款及相关税费。",
        result="不动产权证书",
        materials=(
            Need("registry_app", 1, 0),
            LICENCE,
            Need("land_contract", 0, 1),
            Need("land_payment", 0, 1),
            Need("cadastral", 1, 0),
            AGENT_ORG,
        ),
        keywords="土地证 土地首次登记 交地即交证 不动产首次登记",
        themes=("construction",),
        delivery=True,
        fees=(FEE_REGISTRATION_OTHER,),
        windows=(34,),
    ),
    ItemSpec(
        CITY,
        "BDC",
        92003,
        "不动产登记资料查询",
        ItemType.PUBLIC_SERVICE,
        PERSON + ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=5,
        legal_note="《不动产登记资料查询暂行办法》第十九条：因情况特殊不能当场提供查询的，应当在5个工作日内提供。",
        promised=0,
        promised_note="当场出具查询结果。",
        basis="《不动产登记暂行条例》第二十七条；《不动产登记资料查询暂行办法》第十九条",
        conditions="权利人、利害关系人可以依法查询、复制不动产登记资料。",
        result="不动产登记资料查询结果证明",
        materials=(Need("query_app", 1, 0, medium=BOTH), ID_CHECK, AGENT),
        keywords="房产查询 查档 不动产查询 房产证明 无房证明",
        themes=("housing",),
        fully_online=True,
    ),
    # =========================================================================================
    # 住房公积金管理中心 (windows 24–25)
    # =========================================================================================
    ItemSpec(
        CITY,
        "GJJ",
        93001,
        "住房公积金提取（购买自住住房）",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=3,
        legal_note="《住房公积金管理条例》第二十五条：住房公积金管理中心应当自受理申请之日起3日内作出准予提取或者不准提取的决定。",
        promised=0,
        promised_note="即时办结，资金实时到账。",
        basis="《住房公积金管理条例》第二十四条、第二十五条",
        conditions="职工购买、建造、翻建、大修自住住房的。",
        result="住房公积金提取（资金划转）",
        materials=(
            Need("gjj_withdraw_app", 0, 0, medium=E),
            Need("sale_contract", 0, 0, medium=E),
            Need("bank_card", 0, 0, medium=E),
        ),
        keywords="公积金提取 提公积金 购房提取 公积金",
        themes=("housing",),
        fully_online=True,
    ),
    ItemSpec(
        CITY,
        "GJJ",
        93002,
        "住房公积金个人住房贷款",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.PROMISED,
        legal=15,
        legal_note="《住房公积金管理条例》第二十六条：自受理申请之日起15日内作出准予贷款或者不准贷款的决定。",
        promised=5,
        promised_note="5个工作日内作出审批决定。",
        basis="《住房公积金管理条例》第二十六条",
        conditions="连续足额缴存住房公积金6个月以上，购买、建造、翻建、大修自住住房，具有稳定收入和偿还贷款能力。",
        result="住房公积金贷款审批通知书",
        materials=(
            Need("gjj_loan_app", 1, 0),
            ID,
            Need("marriage", 1, 1, when="已婚的，提供结婚证"),
            Need("sale_contract", 1, 0),
            Need("income_proof", 1, 0),
        ),
        keywords="公积金贷款 房贷 公积金买房",
        themes=("housing",),
        visits_reason="需借款人（及配偶）到场面签借款合同",
    ),
    ItemSpec(
        CITY,
        "GJJ",
        93003,
        "单位住房公积金缴存登记",
        ItemType.PUBLIC_SERVICE,
        ORGANISATIONS,
        CaseKind.IMMEDIATE,
        legal=5,
        legal_note="《住房公积金管理条例》第十四条：住房公积金管理中心自收到申请之日起5个工作日内审核。",
        promised=0,
        promised_note="企业开办一窗通同步办理，即时办结。",
        basis="《住房公积金管理条例》第十三条、第十四条",
        conditions="新设立的单位应当自设立之日起30日内办理住房公积金缴存登记。",
        result="单位住房公积金账户",
        materials=(Need("gjj_unit_form", 0, 0, medium=E), LICENCE_SHARED),
        keywords="公积金开户 单位公积金 公积金缴存登记",
        themes=("hr", "start-business"),
        fully_online=True,
    ),
    ItemSpec(
        CITY,
        "GJJ",
        93004,
        "住房公积金提取（职工死亡或被宣告死亡）",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=3,
        legal_note="《住房公积金管理条例》第二十五条：自受理申请之日起3日内作出决定。",
        promised=0,
        promised_note="即时办结。",
        basis="《住房公积金管理条例》第二十四条、第二十五条",
        conditions="职工死亡或者被宣告死亡的，职工的继承人、受遗赠人可以提取职工住房公积金账户内的存储余额。",
        result="住房公积金提取（资金划转）",
        materials=(
            Need("gjj_withdraw_app", 1, 0),
            Need("death_cert", 0, 1),
            Need("inheritance", 1, 1),
            Need("id", 1, 1, notes="继承人、受遗赠人居民身份证"),
        ),
        keywords="公积金继承 死亡提取 身后一件事",
        themes=("bereavement",),
        visits_reason="需核验继承权证明原件",
    ),
    # =========================================================================================
    # 医疗保障局 (windows 20–21)
    # =========================================================================================
    ItemSpec(
        CITY,
        "YB",
        94001,
        "异地就医备案",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note=(
            "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》：备案即时办理。"
        ),
        promised=0,
        promised_note="即时办结，备案后即可在就医地直接结算。",
        basis=(
            "《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》"
            "（医保发〔2022〕22号）"
        ),
        conditions="参加本市基本医疗保险，异地长期居住、常驻异地工作或临时外出就医的人员。",
        result="异地就医备案信息",
        materials=(Need("remote_form", 0, 0, medium=E), Need("id", 0, 0, medium=E, notes="实名认证")),
        keywords="异地就医 异地备案 跨省就医 医保备案",
        themes=("medical", "travel"),
        fully_online=True,
        online_url="https://fuwu.nhsa.gov.cn/",
        windows=(20, 21),
        scope=ServiceScope.NATIONAL,
    ),
    ItemSpec(
        CITY,
        "YB",
        94002,
        "城乡居民基本医疗保险参保登记",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="即时办理，无法定办理时限。",
        promised=0,
        promised_note="即时办结。",
        basis="《中华人民共和国社会保险法》第二十五条；《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）",
        conditions="不属于职工基本医疗保险覆盖范围的城乡居民（含新生儿、在校学生）。",
        result="参保登记信息",
        materials=(
            Need("med_ins_form", 0, 0, medium=E),
            Need("id", 0, 0, medium=E, notes="实名认证；新生儿凭出生医学证明"),
        ),
        keywords="居民医保 城乡居民医保 医保参保 新生儿参保",
        themes=("medical", "social-security"),
        fully_online=True,
        windows=(20, 21),
    ),
    ItemSpec(
        CITY,
        "YB",
        94003,
        "生育保险待遇申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="医疗保障经办机构自受理之日起20个工作日内核定支付。",
        promised=5,
        promised_note="5个工作日内核定，生育津贴发放至用人单位或本人账户。",
        basis="《中华人民共和国社会保险法》第五十三条、第五十四条、第五十六条；《山东省职工生育保险规定》",
        conditions="参加职工生育保险的女职工生育或者施行计划生育手术的。",
        result="生育医疗费用、生育津贴",
        materials=(
            Need("maternity_app", 1, 0),
            ID,
            Need("birth_cert", 0, 1),
            Need("med_invoice", 0, 1, when="未直接结算的，提供医疗费用票据"),
        ),
        keywords="生育津贴 生育保险 产假工资 生育报销",
        themes=("birth",),
        windows=(20, 21),
    ),
    # =========================================================================================
    # 发展和改革委员会 (window 27)
    # =========================================================================================
    ItemSpec(
        CITY,
        "FGW",
        95001,
        "企业投资项目核准",
        ItemType.LICENSING,
        ENTERPRISE,
        CaseKind.JOINT,
        legal=20,
        legal_note=(
            "《企业投资项目核准和备案管理条例》第十条：自受理申请之日起20个工作日内作出是否予以核准的决定；"
            "情况复杂的经批准可以延长，延长期限不得超过40个工作日；委托评估时间不计入。"
        ),
        promised=10,
        promised_note="用地预审与选址、环评、建设条件与发改核准并联审查，10个工作日内办结。",
        basis=(
            "《企业投资项目核准和备案管理条例》（国务院令第673号）第三条、第六条、第九条、第十条；"
            "《企业投资项目核准和备案管理办法》（国家发展改革委令第2号）"
        ),
        conditions="列入《政府核准的投资项目目录》的企业投资项目，不违反法律法规，符合发展规划、产业政策和准入标准，合理开发并有效利用资源，不影响国家安全和生态安全。",
        result="项目核准批复文件",
        materials=(
            Need("project_report", 1, 0, medium=BOTH),
            Need("land_opinion", 0, 1),
            LICENCE,
            AGENT_ORG,
        ),
        keywords="项目核准 投资项目 企业投资核准",
        themes=("construction",),
        joint=("ZRZY", "SHJ", "ZJJ"),
        special="委托评估：需要评估的委托工程咨询机构评估，评估时限不超过30个工作日，不计入核准时限。",
        intermediary="项目申请报告编制：项目单位可自行编制或自主委托工程咨询机构编制。",
        online_url="https://www.tzxm.gov.cn/",
    ),
    ItemSpec(
        CITY,
        "FGW",
        95002,
        "企业投资项目备案",
        ItemType.OTHER,
        ENTERPRISE,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《企业投资项目核准和备案管理条例》第十四条：备案机关收到全部信息即为备案。",
        promised=0,
        promised_note="在线填报即时备案。",
        basis="《企业投资项目核准和备案管理条例》第三条、第十三条、第十四条",
        conditions="不属于《政府核准的投资项目目录》范围的企业投资项目，在开工建设前通过在线平台告知备案信息。",
        result="项目备案证明（项目代码）",
        materials=(Need("project_record", 0, 0, medium=E), LICENCE_SHARED),
        keywords="项目备案 投资备案 项目代码",
        themes=("construction",),
        fully_online=True,
        online_url="https://www.tzxm.gov.cn/",
    ),
    # =========================================================================================
    # 行政审批服务局 (comprehensive windows 2–5)
    # =========================================================================================
    ItemSpec(
        CITY,
        "XZSP",
        96001,
        "公共场所卫生许可",
        ItemType.LICENSING,
        ENTERPRISE + PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《公共场所卫生管理条例实施细则》第二十四条：自受理之日起20日内审查申报资料并现场审核，作出决定。",
        promised=5,
        promised_note="5个工作日内办结；实行告知承诺的当场发证，60日内现场核查。",
        basis="《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条、第二十四条",
        conditions="宾馆、美容美发、沐浴、游泳场所等公共场所，卫生设施和布局符合卫生标准和要求，有卫生管理制度和卫生管理人员。",
        result="公共场所卫生许可证",
        materials=(
            Need("public_place_app", 1, 0),
            LICENCE,
            Need("public_place_test", 0, 1, when="未实行告知承诺的，提交卫生检测或评价报告"),
            Need("commitment", 1, 0, when="选择告知承诺方式办理的，提交告知承诺书"),
            Need("health_certs", 0, 1),
            AGENT_ORG,
        ),
        keywords="卫生许可证 美容美发 宾馆 游泳馆 公共场所卫生",
        themes=("operating-licence",),
        delivery=True,
        special="现场审核：对经营场所卫生设施和布局进行现场审核。",
    ),
    ItemSpec(
        CITY,
        "XZSP",
        96002,
        "生产建设项目水土保持方案审批",
        ItemType.LICENSING,
        ORGANISATIONS,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《中华人民共和国行政许可法》第四十二条：自受理之日起20个工作日内作出决定。",
        promised=8,
        promised_note="8个工作日内办结；专家技术评审时间不计入。",
        basis="《中华人民共和国水土保持法》第二十五条、第二十六条；《生产建设项目水土保持方案管理办法》（水利部令第53号）",
        conditions="在山区、丘陵区、风沙区以及水土保持规划确定的容易发生水土流失的其他区域开办可能造成水土流失的生产建设项目。",
        result="水土保持方案审批决定",
        materials=(Need("soil_app", 1, 0), Need("soil_plan", 1, 0, medium=BOTH), LICENCE, AGENT_ORG),
        keywords="水保 水土保持 水土保持方案",
        themes=("construction", "environment"),
        special="技术评审：组织专家对水土保持方案进行技术评审，时间不计入办理时限。",
    ),
    # =========================================================================================
    # District centres: 奎文区 (370705) and 高新区 (370791)
    # =========================================================================================
    ItemSpec(
        KUIWEN,
        "RSJ",
        51001,
        "就业失业登记",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=5,
        legal_note="《就业服务与就业管理规定》第六十三条：公共就业服务机构对符合条件的及时办理登记，最长不超过5个工作日。",
        promised=0,
        promised_note="即时办结，发放电子《就业创业证》。",
        basis=(
            "《中华人民共和国就业促进法》第五十二条；《就业服务与就业管理规定》第六十一条、第六十二条、第六十三条；"
            "《人力资源社会保障部关于进一步完善就业失业登记管理办法的通知》（人社部发〔2014〕97号）"
        ),
        conditions="法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城镇常住人员（失业登记）；在各类用人单位就业或灵活就业的人员（就业登记）。",
        result="就业创业证（电子证）",
        materials=(
            Need("employment_app", 0, 0, medium=E),
            Need("id", 0, 0, medium=E, notes="实名认证；窗口办理的出示原件"),
            Need("labour_end", 0, 1, when="原用人单位解除或终止劳动关系的，提供解除或终止劳动合同证明"),
            Need("veteran", 0, 1, when="复员退伍军人自谋职业的，提供退出现役证"),
        ),
        keywords="失业登记 就业登记 就业创业证 失业证 再就业优惠证",
        themes=("employment",),
        fully_online=True,
        scope=ServiceScope.CROSS_PROVINCE,
        faq="问：外地户口可以在这里办理失业登记吗？答：可以，在常住地办理即可，不受户籍限制。",
    ),
    ItemSpec(
        KUIWEN,
        "RSJ",
        51002,
        "灵活就业人员参保登记",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="即时办理，无法定办理时限。",
        promised=0,
        promised_note="即时办结。",
        basis="《中华人民共和国社会保险法》第十条、第二十三条",
        conditions="无雇工的个体工商户、未在用人单位参加基本养老保险的非全日制从业人员以及其他灵活就业人员。",
        result="参保登记信息",
        materials=(Need("flexible_form", 1, 0, medium=BOTH), ID_CHECK),
        keywords="灵活就业 个人交社保 自由职业社保 社保参保",
        themes=("social-security", "employment"),
        fully_online=True,
    ),
    ItemSpec(
        KUIWEN,
        "SCJG",
        11001,
        "个体工商户登记",
        ItemType.LICENSING,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=3,
        legal_note="《中华人民共和国市场主体登记管理条例》第十九条：不能当场登记的，应当在3个工作日内予以登记。",
        promised=0,
        promised_note="材料齐全的当场办结，发放营业执照。",
        basis="《促进个体工商户发展条例》第二条、第八条；《中华人民共和国市场主体登记管理条例》第十九条",
        conditions="有经营能力的公民，有经营场所，从事法律法规未禁止的行业。",
        result="营业执照（个体工商户）",
        materials=(
            Need("company_app", 1, 0, medium=BOTH, notes="个体工商户登记（备案）申请书"),
            ID,
            Need("premises", 0, 1),
            AGENT,
        ),
        keywords="个体户 营业执照 个体营业执照 开店 个体工商户注册",
        themes=("start-business", "employment"),
        visits_reason="经营者本人到场核验身份（通过实名认证网上办理的除外）",
        delivery=True,
    ),
    ItemSpec(
        HIGH_TECH,
        "YB",
        94101,
        "大病救助",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="《山东省医疗救助办法》：医疗保障部门自受理之日起20个工作日内审核确认。",
        promised=10,
        promised_note="10个工作日内审核，救助资金直接发放至本人账户；“一站式”结算的出院时即时救助。",
        basis=(
            "《社会救助暂行办法》第二十八条、第二十九条、第三十条；"
            "《国务院办公厅关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）"
        ),
        conditions="最低生活保障对象、特困供养人员、低保边缘家庭成员，以及因高额医疗费用支出导致家庭基本生活出现严重困难的大病患者。",
        result="医疗救助（资金发放）",
        materials=(
            Need("rescue_app", 1, 0),
            Need("hukou", 1, 1),
            Need("id", 1, 1),
            Need("discharge", 0, 1),
            Need("med_invoice", 0, 1),
            Need("dibao_cert", 0, 1, when="最低生活保障对象，提供最低生活保障证"),
            Need("photo", 1, 0),
        ),
        keywords="医疗救助 大病救助 重特大疾病 住院救助 因病致贫",
        themes=("assistance", "medical"),
        visits_reason="需核验户口簿和医疗费用票据原件",
    ),
    ItemSpec(
        HIGH_TECH,
        "SCJG",
        12001,
        "食品小作坊登记",
        ItemType.LICENSING,
        PERSON + ENTERPRISE,
        CaseKind.PROMISED,
        legal=15,
        legal_note="《山东省食品小作坊小餐饮和食品摊点管理条例》：自受理之日起15个工作日内作出是否准予登记的决定。",
        promised=5,
        promised_note="含现场核查，5个工作日内办结。",
        basis="《中华人民共和国食品安全法》第三十六条；《山东省食品小作坊小餐饮和食品摊点管理条例》第九条、第十条",
        conditions="有固定的生产加工场所，有与生产加工食品相适应的设备设施，从业人员持有有效健康证明，不在禁止生产加工的食品目录内。",
        result="食品小作坊登记证",
        materials=(
            Need("workshop_app", 1, 0),
            LICENCE,
            ID,
            Need("health_certs", 0, 1),
            Need("food_layout", 1, 0),
        ),
        keywords="小作坊 食品小作坊 作坊登记",
        themes=("operating-licence",),
        special="现场核查：核查生产加工场所和设备设施。",
    ),
    # =========================================================================================
    # 东关街道便民服务中心 (370705001): the community items of the seed documents
    # =========================================================================================
    ItemSpec(
        DONGGUAN,
        "JD",
        40101,
        "城镇居民最低生活保障",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.ESCALATED,
        legal=30,
        legal_note="《最低生活保障审核确认办法》第二十二条：审核确认工作应当自受理之日起30个工作日内完成；特殊情况下可延长至45个工作日。",
        promised=20,
        promised_note="街道受理、入户调查和民主评议后上报奎文区民政局审核确认，20个工作日内办结。",
        basis=(
            "《社会救助暂行办法》第九条、第十一条；《最低生活保障审核确认办法》（民发〔2021〕57号）；"
            "《山东省最低生活保障办法》"
        ),
        conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准，且符合当地最低生活保障家庭财产状况规定的本地户籍家庭。",
        result="最低生活保障证（最低生活保障金按月发放）",
        materials=(
            Need("dibao_app", 1, 0),
            Need("hukou", 1, 1),
            Need("id", 1, 1, notes="家庭成员居民身份证"),
            Need("household_income", 1, 0),
            Need("econ_auth", 1, 0),
            Need("disability", 1, 1, when="家庭成员有残疾的，提供残疾人证"),
            Need("diagnosis", 0, 1, when="家庭成员患重病的，提供县级以上医疗机构诊断证明"),
            Need("photo", 4, 0, notes="户主近期免冠一寸照片4张"),
        ),
        keywords="低保 最低生活保障 低保申请 困难救助",
        themes=("assistance",),
        budgets=(0, 15, 3, 1, 0),
        escalation=(CentreLevel.COUNTY, "奎文区民政局"),
        visits_reason="需入户调查，申请时核验家庭成员身份证件和户口簿原件",
        special="入户调查、民主评议，审核确认前在申请人所在社区公示7天，公示期不计入办理时限。",
        faq="问：行动不便怎么申请？答：可委托社区居民委员会代为提出申请，工作人员上门入户调查。",
    ),
    ItemSpec(
        DONGGUAN,
        "JD",
        60101,
        "独生子女父母光荣证",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=10,
        legal_note="《山东省人口与计划生育条例》：乡镇人民政府、街道办事处自受理之日起10个工作日内审核发证。",
        promised=0,
        promised_note="材料齐全、符合条件的当场发证。",
        basis="《中华人民共和国人口与计划生育法》第二十七条；《山东省人口与计划生育条例》",
        conditions="在国家提倡一对夫妻生育一个子女期间，自愿终身只生育一个子女的夫妻。",
        result="独生子女父母光荣证",
        materials=(
            Need("one_child_app", 1, 0),
            Need("hukou", 1, 1, notes="夫妻双方户口簿"),
            Need("marriage", 1, 1),
            Need("birth_cert", 1, 1, notes="子女出生医学证明"),
            Need("family_photo", 1, 0),
        ),
        keywords="光荣证 独生子女证 独生子女父母光荣证 独生子女",
        themes=("birth",),
        visits_reason="需核验户口簿、结婚证原件",
    ),
    ItemSpec(
        DONGGUAN,
        "JD",
        60102,
        "流动人口婚育证明",
        ItemType.CONFIRMATION,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="《流动人口计划生育工作条例》第七条：乡（镇）人民政府、街道办事处应当及时出具婚育证明。",
        promised=0,
        promised_note="当场出具。",
        basis="《流动人口计划生育工作条例》第七条、第八条",
        conditions="拟离开户籍所在地30日以上，赴异地务工、经商或居住生活的成年育龄人员。",
        result="流动人口婚育证明",
        materials=(
            Need("floating_app", 1, 0),
            ID,
            Need("photo", 2, 0),
            Need("marriage", 1, 1, when="已婚的，提供结婚证"),
        ),
        keywords="婚育证明 流动人口 计生证明 外出务工证明",
        themes=("marriage", "birth"),
    ),
    ItemSpec(
        DONGGUAN,
        "JD",
        60103,
        "生育登记",
        ItemType.PUBLIC_SERVICE,
        PERSON,
        CaseKind.IMMEDIATE,
        legal=0,
        legal_note="生育登记即时办理，无法定办理时限。",
        promised=0,
        promised_note="即时办结，生成电子生育服务登记凭证。",
        basis=(
            "《中华人民共和国人口与计划生育法》第十八条；《山东省人口与计划生育条例》；"
            "《国家卫生计生委关于做好生育登记服务工作的指导意见》（国卫指导发〔2016〕34号）"
        ),
        conditions="依法登记结婚的夫妻生育子女的，在孕前或孕期、子女出生后均可办理生育登记。",
        result="生育服务登记凭证（电子）",
        materials=(
            Need("birth_reg_form", 0, 0, medium=E),
            Need("id", 0, 0, medium=E, notes="夫妻双方身份信息通过数据共享核验"),
            Need("marriage", 0, 0, medium=E, notes="婚姻登记信息通过数据共享核验"),
        ),
        keywords="生育服务登记 准生证 生育登记 二孩 三孩 生育服务证",
        themes=("birth",),
        fully_online=True,
        online_url="http://zwfw.sd.gov.cn/",
        scope=ServiceScope.NATIONAL,
    ),
    ItemSpec(
        DONGGUAN,
        "JD",
        40102,
        "80周岁以上老年人高龄津贴申领",
        ItemType.BENEFIT,
        PERSON,
        CaseKind.PROMISED,
        legal=20,
        legal_note="街道办事处自受理之日起20个工作日内审核，报区民政部门备案后按月发放。",
        promised=10,
        promised_note="10个工作日内审核，次月起发放。",
        basis="《中华人民共和国老年人权益保障法》第三十三条；《山东省老年人权益保障条例》",
        conditions="具有本区户籍、年满80周岁的老年人。",
        result="高龄津贴（按月发放）",
        materials=(Need("old_age_app", 1, 0), ID, Need("hukou", 1, 1), Need("bank_card", 0, 1), AGENT),
        keywords="高龄津贴 老年补贴 80岁补贴 长寿补贴",
        themes=("retirement",),
        visits_reason="需核验老年人身份（行动不便的可申请上门办理）",
    ),
)


# ---------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------


def _fitted_budgets(template_budgets: list[int], promised: int, explicit: tuple[int, ...]) -> list[int]:
    """Step budgets summing to the promised limit: explicit ones, or the template's fitted.

    Too long: the largest steps give up days; too short: the longest step (审查) takes the rest.
    """
    if explicit:
        if len(explicit) != len(template_budgets):
            raise ValueError(f"{len(explicit)} budgets for a template of {len(template_budgets)} steps")
        return list(explicit)
    budgets = list(template_budgets)
    while sum(budgets) > promised:
        budgets[budgets.index(max(budgets))] -= 1
    if promised > sum(budgets) and any(budgets):
        budgets[budgets.index(max(budgets))] += promised - sum(budgets)
    return budgets


def _number_range(numbers: list[int]) -> str:
    if len(numbers) > 1 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}—{numbers[-1]}"
    return "、".join(str(n) for n in numbers)


@dataclass
class _Context:
    centres: dict[str, Centre]
    departments: dict[tuple[str, str], Department]
    windows: dict[tuple[str, str], list[Window]]
    templates: dict[str, ProcessTemplate]
    themes: dict[str, LifeEvent]
    created: dict[str, int]
    library: dict[tuple[str, str, str], Material] = field(default_factory=dict)
    """(centre code, name, issuing body) → the centre's existing library entries."""

    def count(self, key: str, n: int = 1) -> None:
        self.created[key] = self.created.get(key, 0) + n

    def material(self, centre_code: str, key: str) -> Material:
        """The centre's library entry for ``key``, created (after full_clean) if missing."""
        spec = LIBRARY[key]
        natural_key = (centre_code, spec.name, spec.issuing_body)
        if natural_key not in self.library:
            material = Material(
                centre=self.centres[centre_code],
                name=spec.name,
                issuing_body=spec.issuing_body,
                acceptance_standard=spec.acceptance_standard,
                notes=spec.notes,
            )
            material.full_clean()
            material.save()
            self.count("material")
            self.library[natural_key] = material
        return self.library[natural_key]


def _version_fields(spec: ItemSpec, ctx: _Context) -> dict[str, Any]:
    centre = ctx.centres[spec.centre]
    template = ctx.templates[spec.template or TEMPLATE_FOR_KIND[spec.kind]]
    steps = "→".join(step.name for step in template.steps.all())
    windows = _item_windows(spec, ctx)
    where = centre.name
    if windows:
        first = windows[0]
        numbers = _number_range(sorted(int(w.number) for w in windows))
        where = f"{centre.name}{first.floor}{first.zone}{numbers}号窗口"
    fields: dict[str, Any] = {
        "name": spec.name,
        "basic_code": spec.basic_code,
        "item_type": spec.item_type,
        "service_objects": [str(value) for value in spec.objects],
        "handling_forms": [str(value) for value in spec.forms],
        "case_kind": spec.kind,
        "legal_limit": spec.legal,
        "legal_limit_unit": spec.unit,
        "legal_limit_note": spec.legal_note,
        "promised_limit": spec.promised,
        "promised_limit_unit": spec.unit,
        "promised_limit_note": spec.promised_note,
        "legal_basis": spec.basis,
        "conditions": spec.conditions,
        "process_description": f"{PROCESS_INTRO[spec.kind]}办理环节：{steps}。",
        "special_procedures": spec.special,
        "intermediary_services": spec.intermediary or "无",
        "quantity_limit": spec.quantity,
        "result_name": spec.result,
        "service_scope": spec.scope,
        "location": f"{where}（{centre.address}）",
        "hours": HOURS,
        "consultation_phone": centre.consultation_phone,
        "complaint_phone": centre.complaint_phone,
        "faq": spec.faq,
        "keywords": spec.keywords,
        "charges_fees": bool(spec.fees),
        "supports_appointment": spec.appointment,
        "supports_online_payment": bool(spec.fees) and spec.online,
        "supports_delivery": spec.delivery,
        "online_handling": spec.online,
        "online_url": spec.online_url if spec.online else "",
        "in_hall": True,
        "visits": 0 if spec.fully_online else spec.visits,
        "visits_reason": "" if spec.fully_online else spec.visits_reason,
        "online_depth": (
            OnlineDepth.LEVEL_4
            if spec.fully_online
            else OnlineDepth.LEVEL_3
            if spec.online
            else OnlineDepth.LEVEL_2
        ),
    }
    if spec.escalation is not None:
        fields["escalation_level"], fields["escalation_body"] = spec.escalation
    return fields


def _item_windows(spec: ItemSpec, ctx: _Context) -> list[Window]:
    """The windows the item names, or (for the location text) all of its department's."""
    department_windows = ctx.windows.get((spec.centre, spec.department), [])
    if not spec.windows:
        return department_windows
    chosen = [w for w in department_windows if int(w.number) in spec.windows]
    if len(chosen) != len(spec.windows):
        raise LookupError(f"{spec.name}: windows {spec.windows} are not all {spec.department}'s")
    return chosen


ROW_FK_FIELDS = ["version", "material"]
"""A version's rows are checked with their fields and ``clean()`` rules (ItemMaterial: a condition
for 情形必要, counts for paper); their foreign keys were just created or loaded and their order and
uniqueness come from the data, with the database's constraints behind them. Skipping those
per-row queries keeps ``govhall demo`` fast."""


def _build_item(spec: ItemSpec, ctx: _Context) -> None:
    centre = ctx.centres[spec.centre]
    version = services.item_create(
        actor=None,
        centre=centre,
        department=ctx.departments[(spec.centre, spec.department)],
        implementation_code=spec.implementation_code,
        fields=_version_fields(spec, ctx),
    )
    if spec.joint:
        version.joint_departments.set([ctx.departments[(spec.centre, code)] for code in spec.joint])
    version.life_events.set([ctx.themes[code] for code in spec.themes])
    if spec.windows:
        version.windows.set(_item_windows(spec, ctx))

    template = ctx.templates[spec.template or TEMPLATE_FOR_KIND[spec.kind]]
    services.version_apply_template(actor=None, version=version, template=template)
    steps = list(version.steps.all())
    budgets = _fitted_budgets([step.budget_days for step in steps], spec.promised, spec.budgets)
    for step, days in zip(steps, budgets, strict=True):
        if step.budget_days != days:
            step.budget_days = days
            step.full_clean(exclude=ROW_FK_FIELDS, validate_constraints=False)
            step.save(update_fields=["budget_days"])

    rows = []
    for order, need in enumerate(spec.materials, start=1):
        row = ItemMaterial(
            version=version,
            material=ctx.material(spec.centre, need.key),
            order=order,
            originals=need.originals,
            copies=need.copies,
            requirement=MaterialRequirement.CONDITIONAL if need.when else MaterialRequirement.REQUIRED,
            condition=need.when,
            medium=need.medium,
            notes=need.notes,
        )
        row.full_clean(exclude=ROW_FK_FIELDS, validate_constraints=False)
        rows.append(row)
    ItemMaterial.objects.bulk_create(rows)
    fees = []
    for order, fee in enumerate(spec.fees, start=1):
        row_fee = ItemFee(
            version=version,
            order=order,
            name=fee.name,
            amount=fee.amount,
            standard=fee.standard,
            legal_basis=fee.legal_basis,
        )
        row_fee.full_clean(exclude=ROW_FK_FIELDS, validate_constraints=False)
        fees.append(row_fee)
    ItemFee.objects.bulk_create(fees)

    version = services.version_submit(actor=None, version=version)
    services.version_publish(actor=None, version=version)
    ctx.count("serviceitem")
    ctx.count("itemversion")


def build_demo_catalogue(created: dict[str, int]) -> None:
    """Publish whatever demo item is missing; counts go into ``created`` (serviceitem, material …).

    Call inside the demo's transaction, after the centres, departments and windows exist.
    """
    codes = {spec.centre for spec in ITEMS}
    centres = {centre.code: centre for centre in Centre.objects.filter(code__in=codes)}
    departments = {
        (department.centre.code, department.code): department
        for department in Department.objects.filter(centre__in=centres.values()).select_related("centre")
    }
    windows: dict[tuple[str, str], list[Window]] = {}
    for window in Window.objects.filter(centre__in=centres.values(), department__isnull=False).select_related(
        "centre", "department"
    ):
        assert window.department is not None
        windows.setdefault((window.centre.code, window.department.code), []).append(window)
    for department_windows in windows.values():
        department_windows.sort(key=lambda w: int(w.number) if w.number.isdigit() else 0)
    ctx = _Context(
        centres=centres,
        departments=departments,
        windows=windows,
        templates={t.code: t for t in ProcessTemplate.objects.prefetch_related("steps")},
        themes={theme.code: theme for theme in LifeEvent.objects.all()},
        created=created,
    )
    for material in Material.objects.filter(centre__in=centres.values()).select_related("centre"):
        ctx.library[(material.centre.code, material.name, material.issuing_body)] = material
    existing = set(
        ServiceItem.objects.filter(centre__in=centres.values()).values_list(
            "centre__code", "implementation_code"
        )
    )
    for spec in ITEMS:
        if (spec.centre, spec.implementation_code) not in existing:
            _build_item(spec, ctx)


def catalogue_totals() -> dict[str, int]:
    """Counts for the demo summary (whole database, like the hall's own totals)."""
    published = ItemVersion.objects.filter(state=VersionState.PUBLISHED)
    return {
        "items": ServiceItem.objects.count(),
        "published_items": published.count(),
        "immediate_items": published.filter(case_kind=CaseKind.IMMEDIATE).count(),
        "promised_items": published.filter(case_kind=CaseKind.PROMISED).count(),
        "joint_items": published.filter(case_kind=CaseKind.JOINT).count(),
        "escalated_items": published.filter(case_kind=CaseKind.ESCALATED).count(),
        "charging_items": published.filter(charges_fees=True).count(),
        "materials": Material.objects.count(),
    }


def catalogue_objects() -> Iterator[models.Model]:
    """Every catalogue object the demo builds (for full_clean checks over the whole hall)."""
    model_list: list[type[models.Model]] = [
        Material,
        ServiceItem,
        ItemVersion,
        ItemMaterial,
        ItemFee,
        ItemStep,
    ]
    for model in model_list:
        yield from model._default_manager.all()


__all__ = ["ITEMS", "LIBRARY", "build_demo_catalogue", "catalogue_objects", "catalogue_totals"]
