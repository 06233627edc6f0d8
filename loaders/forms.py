"""How Chinese names of districts, strategies, projects and organizations are formed.

Rules of the language, not names: the words a name ends with (its head), the words that can never be
inside a name (so a name's left edge is found by walking left until one of them), the defining words
after a quoted slogan, and the class nouns that type the items of an enumeration (…等一批项目).
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- heads: the last word of a name

# (suffix, type). Longest suffix wins; the same suffix may not appear twice.
HEADS: tuple[tuple[str, str], ...] = (
    # --- organizations
    ("股份有限公司", "Organization"),
    ("有限责任公司", "Organization"),
    ("有限公司", "Organization"),
    ("分公司", "Organization"),
    ("子公司", "Organization"),
    ("公司", "Organization"),
    ("集团", "Organization"),
    ("控股", "Organization"),
    ("银行", "Organization"),
    ("分行", "Organization"),
    ("支行", "Organization"),
    ("证券", "Organization"),
    ("保险", "Organization"),
    ("人寿", "Organization"),
    ("信托", "Organization"),
    ("基金会", "Organization"),
    ("基金", "Organization"),
    ("交易所", "Organization"),
    ("大学", "Organization"),
    ("学院", "Organization"),
    ("研究院", "Organization"),
    ("研究所", "Organization"),
    ("研究中心", "Organization"),
    ("设计院", "Organization"),
    ("科学院", "Organization"),
    ("工程院", "Organization"),
    ("实验室", "Organization"),
    ("协会", "Organization"),
    ("学会", "Organization"),
    ("商会", "Organization"),
    ("联合会", "Organization"),
    ("促进会", "Organization"),
    ("联盟", "Organization"),
    ("委员会", "Organization"),
    ("管委会", "Organization"),
    ("工委", "Organization"),
    ("党委", "Organization"),
    ("人民政府", "Organization"),
    ("政府", "Organization"),
    ("办公室", "Organization"),
    ("新闻办", "Organization"),
    ("办公厅", "Organization"),
    ("指挥部", "Organization"),
    ("领导小组", "Organization"),
    ("工作专班", "Organization"),
    ("医院", "Organization"),
    ("中学", "Organization"),
    ("小学", "Organization"),
    ("一院", "Organization"),
    ("二院", "Organization"),
    ("三院", "Organization"),
    ("附院", "Organization"),
    ("合作社", "Organization"),
    ("事务所", "Organization"),
    ("共同体", "Organization"),
    ("药业", "Organization"),
    ("重工", "Organization"),
    ("制药", "Organization"),
    ("股份", "Organization"),
    ("实业", "Organization"),
    ("置业", "Organization"),
    ("传媒", "Organization"),
    ("电器", "Organization"),
    ("商行", "Organization"),
    ("科技厅", "Organization"),
    ("发改委", "Organization"),
    ("国资委", "Organization"),
    ("财政厅", "Organization"),
    ("商务厅", "Organization"),
    ("工信厅", "Organization"),
    ("铁路局", "Organization"),
    ("管理局", "Organization"),
    ("公安局", "Organization"),
    ("税务局", "Organization"),
    ("监管局", "Organization"),
    ("卫健委", "Organization"),
    ("教育局", "Organization"),
    ("商务局", "Organization"),
    ("科技局", "Organization"),
    ("财政局", "Organization"),
    # --- projects
    ("项目", "Project"),
    ("工程", "Project"),
    ("产业园区", "Project"),
    ("产业园", "Project"),
    ("科技园", "Project"),
    ("工业园", "Project"),
    ("物流园", "Project"),
    ("软件园", "Project"),
    ("创业园", "Project"),
    ("示范园", "Project"),
    ("总部园", "Project"),
    ("园区", "Project"),
    ("基地", "Project"),
    ("数据中心", "Project"),
    ("创新中心", "Project"),
    ("体验中心", "Project"),
    ("会展中心", "Project"),
    ("体育中心", "Project"),
    ("结算中心", "Project"),
    ("运营中心", "Project"),
    ("服务中心", "Project"),
    ("研发中心", "Project"),
    ("评估中心", "Project"),
    ("生态中心", "Project"),
    ("展示中心", "Project"),
    ("交易中心", "Project"),
    ("商业中心", "Project"),
    ("金融中心", "Project"),
    ("文化中心", "Project"),
    ("中心", "Project"),
    ("大厦", "Project"),
    ("广场", "Project"),
    ("智慧城", "Project"),
    ("科技城", "Project"),
    ("产业城", "Project"),
    ("生态城", "Project"),
    ("国博城", "Project"),
    ("云谷", "Project"),
    ("智谷", "Project"),
    ("生物谷", "Project"),
    ("药谷", "Project"),
    ("育谷", "Project"),
    ("小镇", "Project"),
    ("公园", "Project"),
    ("博物馆", "Project"),
    ("美术馆", "Project"),
    ("图书馆", "Project"),
    ("体育馆", "Project"),
    ("体育场", "Project"),
    ("剧院", "Project"),
    ("校区", "Project"),
    ("院区", "Project"),
    ("幼儿园", "Project"),
    ("明珠塔", "Project"),
    ("大桥", "Project"),
    ("隧道", "Project"),
    ("枢纽", "Project"),
    ("商圈", "Project"),
    ("综合体", "Project"),
    ("街区", "Project"),
    ("市场", "Project"),
    ("平台", "Project"),
    ("系统", "Project"),
    ("总部", "Project"),
    ("展示楼", "Project"),
    ("实体店", "Project"),
    ("旗舰店", "Project"),
    ("工厂", "Project"),
    ("生产线", "Project"),
    ("超级节点", "Project"),
    ("管网", "Project"),
    ("产业集聚区", "Strategy"),
    ("强省会", "Strategy"),
    ("强区", "Strategy"),
    ("强市", "Strategy"),
    ("强县", "Strategy"),
    ("强省", "Strategy"),
    ("强镇", "Strategy"),
    ("城市化", "Strategy"),
    ("城镇化", "Strategy"),
    ("实验区", "Strategy"),
    ("示范街", "Project"),
    ("宾馆", "Project"),
    ("酒店", "Project"),
    # --- strategies
    ("国家战略", "Strategy"),
    ("战略", "Strategy"),
    ("倡议", "Strategy"),
    ("行动计划", "Strategy"),
    ("行动方案", "Strategy"),
    ("实施方案", "Strategy"),
    ("总体方案", "Strategy"),
    ("划定方案", "Strategy"),
    ("方案", "Strategy"),
    ("计划", "Strategy"),
    ("行动", "Strategy"),
    ("活动", "Strategy"),
    ("政策体系", "Strategy"),
    ("工作体系", "Strategy"),
    ("治理体系", "Strategy"),
    ("服务体系", "Strategy"),
    ("应急体系", "Strategy"),
    ("生态体系", "Strategy"),
    ("支持体系", "Strategy"),
    ("平台体系", "Strategy"),
    ("运行体系", "Strategy"),
    ("体系", "Strategy"),
    ("模式", "Strategy"),
    ("机制", "Strategy"),
    ("制度", "Strategy"),
    ("政策措施", "Strategy"),
    ("格局", "Strategy"),
    ("攻坚战", "Strategy"),
    ("突破战", "Strategy"),
    ("保卫战", "Strategy"),
    ("攻势", "Strategy"),
    ("改革试验区", "Strategy"),
    ("试验区", "Strategy"),
    ("示范区", "Strategy"),
    ("先行区", "Strategy"),
    ("引领区", "Strategy"),
    ("承载区", "Strategy"),
    ("集聚区", "Strategy"),
    ("功能区", "Strategy"),
    ("活力区", "Strategy"),
    ("商埠区", "Strategy"),
    ("商务区", "Strategy"),
    ("新城", "Strategy"),
    ("产业带", "Strategy"),
    ("经济带", "Strategy"),
    ("发展带", "Strategy"),
    ("商贸带", "Strategy"),
    ("走廊", "Strategy"),
    ("发展轴", "Strategy"),
    ("组团", "Strategy"),
    ("板块", "Strategy"),
    ("重点产业", "Strategy"),
    ("特色产业", "Strategy"),
    ("发展方向", "Strategy"),
    ("工作法", "Strategy"),
    ("纲要", "Strategy"),
    ("消费季", "Strategy"),
    ("工程包", "Strategy"),
    ("服务年", "Strategy"),
    ("提升年", "Strategy"),
    # --- districts
    ("维吾尔自治区", "District"),
    ("壮族自治区", "District"),
    ("回族自治区", "District"),
    ("自治区", "District"),
    ("自治州", "District"),
    ("自治县", "District"),
    ("新区", "District"),
    ("起步区", "District"),
    ("经济技术开发区", "District"),
    ("高新技术产业开发区", "District"),
    ("经济开发区", "District"),
    ("开发区", "District"),
    ("高新区", "District"),
    ("经开区", "District"),
    ("综合保税区", "District"),
    ("保税区", "District"),
    ("自由贸易试验区", "District"),
    ("自贸试验区", "District"),
    ("自贸区", "District"),
    ("合作区", "District"),
    ("街道", "District"),
)

HEAD_TYPE: dict[str, str] = dict(HEADS)
_HEADS_BY_LENGTH = sorted(HEAD_TYPE, key=len, reverse=True)
HEAD_LAST_CHARS = frozenset(h[-1] for h in HEAD_TYPE)
HEAD_RE = re.compile("(?:" + "|".join(map(re.escape, _HEADS_BY_LENGTH)) + ")$")


def head_of(name: str) -> str | None:
    m = HEAD_RE.search(name)
    return m.group(0) if m else None


# Heads that make a name only with a specific modifier in front (quoted, or a proper name):
# "重点工程", "一批基地", "该平台" are not names.
WEAK_HEADS = frozenset(
    {
        "工程",
        "中心",
        "平台",
        "系统",
        "市场",
        "体系",
        "模式",
        "机制",
        "制度",
        "品牌",
        "改革",
        "行动",
        "活动",
        "计划",
        "方案",
        "规划",
        "格局",
        "总部",
        "集团",
        "基金",
        "股份",
        "控股",
        "保险",
        "证券",
        "政府",
        "办公室",
        "板块",
        "组团",
        "新城",
        "之城",
        "走廊",
        "街区",
        "商圈",
        "广场",
        "项目",
        "园区",
        "基地",
        "公司",
        "联盟",
        "学院",
        "医院",
        "中学",
        "小学",
        "共同体",
        "街道",
        "合作区",
        "示范区",
        "先行区",
        "试验区",
        "功能区",
        "集聚区",
        "承载区",
        "引领区",
        "重点产业",
        "特色产业",
        "产业集群",
        "发展方向",
        "纲要",
        "宾馆",
        "酒店",
        "实验室",
        "管网",
        "隧道",
        "大桥",
        "枢纽",
        "工厂",
        "生产线",
        "校区",
        "院区",
        "幼儿园",
    }
)

# Strategy heads that follow a quoted slogan: “三区”战略, “经纬人才”工程, “345”网格化治理体系.
QUOTE_HEADS: tuple[str, ...] = (
    "战略",
    "工程",
    "行动计划",
    "行动方案",
    "行动",
    "计划",
    "活动",
    "体系",
    "模式",
    "机制",
    "制度",
    "品牌",
    "格局",
    "布局",
    "年",
    "改革",
    "建设",
    "创建",
    "发展方向",
    "产业集群",
    "方案",
    "工作法",
    "攻坚战",
    "突破战",
    "保卫战",
    "攻势",
    "政策",
    "城市格局",
    "消费季",
    "审批模式",
    "重点产业",
    "特色产业",
    "产业发展方向",
    "划定方案",
    "工作体系",
    "工作运行体系",
)

# ---------------------------------------------------------------- what is never inside a name

# Words that end a name on its left: function words, pronouns, quantities, time words, and the
# verbs and adverbs that stand before the names in this genre (打造…, 引进…, 加快推进…). Verbs that
# also live inside names (建设, 发展, 改造, 服务, 合作 …) are not here: a name just may not start with one.
BOUNDARY_WORDS = _words(
    """
    的 地 得 了 着 过 在 于 与 和 及 以及 或 或者 并 并且 而 且 为 对 向 把 将 被 由 从 到 至 以 按 经 据 自 等 是 有 也 都 还 又 再 就 即 其 该 此 这 那 各
    每 某 所 其中 之一 以上 以下 以来 之后 之前 期间 当中 方面 亿元 万元 平方米 万平方米 公里 首个 首家 首批 今年 去年 明年 近年 目前 如今 当前 日前 近日 此前 此外 同时
    下一步 今后 截至 截止 随着 全力 加快 加速 积极 大力 持续 全面 深入 进一步 着力 率先 先后 相继 正式 成功 已 已经 正 正在 将要 不断 逐步 力争 确保 努力 切实 扎实 稳步
    有序 共同 一起 一道 分别 特别 尤其 主动 打造 推进 推动 实施 落实 开展 启动 开工 签约 签订 签署 落户 落地 引进 引入 招引 招募 聚集 串联 依托 围绕 聚焦 融入 助力 赋能
    设立 成立 组建 筹建 举办 举行 召开 参观 考察 走进 入驻 成为 获评 获批 荣获 包括 涵盖 拥有 谋划 建成 开业 深化 构建 搭建 加快推进 全力推进 提出 形成 明确 抢抓 争创 申报
    对接 承接 带动 纳入 列入 入选 位于 加强 完善 做强 做大 做优 壮大 推出 出台 印发 发布 编制 制定 建立 健全 实现 完成 达到 超过 增长 迈进 迈向 跻身 介绍 表示 强调 指出
    认为 透露 获悉 了解 据悉 看到 发现 记者 联合 携手 牵头 主导 参与 参加 加入 新引进 新签约 吸引 带来 促进 作为 坐落 毗邻 紧邻 包挂 包联 对标 学习 借鉴 面对 面向 立足 瞄准
    锚定 站位 坚持 做好 抓好 办好 用好 管好 建好 打好 打响 打通 加大 扩大 增强 强化 巩固 拓展 激发 释放 挖掘 盘活 总投资 投资额 计划总投资 占地 占地面积 总占地面积 建筑面积
    年产值 产值 营收 约 近 逾 余 几 若干 一批 一系列 一些 多个 多家 多项 各类 各项 各个 所有 全部 部分 大批 需 须 得以 予以 加以 给予 给 令 请 向着 朝着 沿着 通过 经过
    根据 按照 依照 实行 负责 代表 入围 首创 开创 开辟 获得 大力发展 评为 被评为 确定为 列为 命名为 是否 已成为 即将 进行 开启 迎来 取得 受理 办理 提供 满足 解决 保障 推行
    探索 制约 部署 研究部署 策划 统筹 统筹推进 协调 督导 指导 指引 推介 动员 考核 表彰 命名 评审 评估为 上半年 下半年 全年 年底 年初 近三年 近年来 当年 每年 本年度 年度 出版
    参保 扩面 启用 投用 投入使用 建设成为 打造成 建成为 支持 帮助 服务于 围绕着 引导 鼓励 推荐 组织 邀请 走访 调研 座谈 会见 签署了 签订了 成功签约 集中签约 集中开工 开工建设
    加快建设 加快实施 全面启动 正式启动 正式运营 投产 达产 竣工 完工 交付 更大 以更 勇当 争当 争做 当好 优化 奋力 全力打造 倾力 着力打造 聚力 共建 共同建设 合作共建 折射出 折射
    彰显 体现 展现 见证 记录 反映 筑牢 夯实 打牢 筑实 做实 厚植 锻造 擦亮 唱响 叫响
    """
)

# A name may not start with these words (they are left over after walking past a boundary).
BAD_FIRST_WORDS = _words(
    """
    多 各 总 原 该 本 我 我们 他们 其 这 那 一 一个 一些 一家 两 几 重点 主要 相关 有关 配套 优质 重大 高端 省级 市级 区级 国家级 省市 市区 全市 全省 全区 首届 此次 本次 当地 辖区 建设 发展 推进 实施 加快 重大项目 重点项目 项目 产业 企业 工程 中心 区域 更大 更高 更好 更多 更加 着力 打好 打响
    """
)

# Single characters that end a name on its left when they stand alone as a token.
BOUNDARY_CHARS = frozenset(
    "的了着过在于与和及或并而且为对向把将被由从到至以按经据自等是有也都还又再就即其该此这那各每某所第暨获做抓促让使往"
)
# Measure words: a boundary after a number (3家金融机构), a name character otherwise (党家).
MEASURE_CHARS = frozenset("个家项处座批户条名位所年月日号届期次轮类件套宗栋层亩人")

# Parts of speech (jieba's dictionary tags) that do not occur inside names: verbs, adverbs,
# prepositions, conjunctions, particles, pronouns, quantities, idioms and fixed expressions.
BOUNDARY_TAGS = frozenset(
    {
        "v",
        "vd",
        "vi",
        "vq",
        "d",
        "df",
        "dg",
        "ad",
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uv",
        "ud",
        "uz",
        "ug",
        "r",
        "rr",
        "rz",
        "rg",
        "q",
        "mq",
        "l",
        "i",
        "y",
        "e",
        "o",
        "z",
        "h",
        "k",
        "t",
        "tg",
    }
)
# Verbs and time words that do live inside names (改造 in 小梁庄片区改造项目, 未来 in 山东未来云谷).
INNER_WORDS = _words(
    """
    改造 提升 建设 发展 服务 合作 创新 创业 孵化 转化 融合 示范 治理 保护 交易 展示 应用 研究 设计 管理 运营 制造 投资 开发 转换 评估 结算 感知 共享 更新 整治 修复 绿化
    集聚 升级 转型 培育 招商 引领 领创 离岸 出海 切片 监测 检测 认证 加速 体验 消费 养老 康养 医养 物流 仓储 配送 会展 旅游 办事 智造 互联 输送 储能 制药 未来 时代 照明
    推广 传承 复兴 振兴 保障 支撑 协同 联动 链接 创意 创投 众创 先行 起步 带动 系列 一体化 数字化 智能化 网格化 市场化 国际化 现代化 标准化 信息化 绿色化 出版 印刷 参保 扩面
    育人 随访 办学 联网 物联 托育 就业 防控 应急 审批 监管 执法 维修 加工 生产 销售 贸易 租赁 咨询 培训 教育 检验 测试 勘察 施工 监理 运输 供应 储备 开采 冶炼 节能 环保
    融资 担保 控股 孵化器 转移 交流 传播 附属 直属
    """
)

PUNCT = frozenset("，,。.；;：:、！!？?（）()【】[]《》<>“”\"‘’'…—-~·/|\\ \t\n")
INNER_PUNCT = frozenset("·-—+&")  # allowed inside a name between two name parts

# ---------------------------------------------------------------- enumerations: …等N个<class noun>

# The class noun after 等 types every item of the list before it.
CLASS_NOUNS: tuple[tuple[str, str], ...] = (
    ("总部和产业项目", "Project"),
    ("产业项目", "Project"),
    ("重点项目", "Project"),
    ("招商项目", "Project"),
    ("大项目", "Project"),
    ("好项目", "Project"),
    ("示范项目", "Project"),
    ("项目", "Project"),
    ("产业园区", "Project"),
    ("重点园区", "Project"),
    ("特色产业园区", "Project"),
    ("园区", "Project"),
    ("产业载体", "Project"),
    ("载体", "Project"),
    ("创新创业平台", "Project"),
    ("平台", "Project"),
    ("基地", "Project"),
    ("场馆", "Project"),
    ("学校", "Project"),
    ("医院", "Project"),
    ("地标性建筑", "Project"),
    ("建筑", "Project"),
    ("应用场景", "Project"),
    ("道路", "Project"),
    ("工程", "Project"),
    ("设施", "Project"),
    ("楼宇", "Project"),
    ("商圈", "Project"),
    ("资本市场服务平台", "Organization"),
    ("龙头工业企业", "Organization"),
    ("龙头企业", "Organization"),
    ("头部企业", "Organization"),
    ("世界500强企业", "Organization"),
    ("世界五百强企业", "Organization"),
    ("知名企业", "Organization"),
    ("配套企业", "Organization"),
    ("企业", "Organization"),
    ("公司", "Organization"),
    ("金融机构", "Organization"),
    ("机构", "Organization"),
    ("集团", "Organization"),
    ("银行", "Organization"),
    ("单位", "Organization"),
    ("高校", "Organization"),
    ("院校", "Organization"),
    ("科研院所", "Organization"),
    ("行业协会", "Organization"),
    ("协会", "Organization"),
    ("国家区域战略核心城市", "District"),
    ("核心城市", "District"),
    ("城市", "District"),
    ("先进地区", "District"),
    ("地区", "District"),
    ("省份", "District"),
    ("区县", "District"),
    ("国家战略", "Strategy"),
    ("战略", "Strategy"),
    ("行动方案", "Strategy"),
)
CLASS_NOUN_TYPE: dict[str, str] = dict(CLASS_NOUNS)
CLASS_NOUN_RE = re.compile(
    r"(?:等(?:[0-9一二三四五六七八九十百千两几多数]+[个家项处座所条批]|一批|一系列|多家|多个|多项|数十家|众多)?"
    r"|(?<=[\u4e00-\u9fffA-Za-z)）”])[0-9二三四五六七八九十两]+[个家项处座所])"
    r"(?:具有[^，,。；;]{0,16}的|[^，,。；;]{0,24}?的)?"
    r"[\u4e00-\u9fffA-Za-z0-9]{0,8}?"
    r"(" + "|".join(map(re.escape, sorted(CLASS_NOUN_TYPE, key=len, reverse=True))) + r")"
)

# ---------------------------------------------------------------- quoted slogans

# Numbered slogans: 三区, 五个济南, 双招双引, 一带一城, 一轴、三区、多园, 一城一谷一园一基地, 十强.
NUMERAL = "一二三四五六七八九十百千万两双多"
FIRST_NUMERAL = "一二三四五六七八九十两双"  # not 多: “多点开花” is an idiom, 一区多园 a slogan
# A one-part numbered slogan starts with a number above one: 三区, 五个济南 (not 一窗通, 一步连续法).
SINGLE_NUMBERED = re.compile(r"^[二三四五六七八九十两双][个大项]?[\u4e00-\u9fff]{1,4}$")
SLOGAN_NUMBERED = re.compile(
    rf"^(?:[{FIRST_NUMERAL}][个大项]?[\u4e00-\u9fff]{{1,4}})(?:[{NUMERAL}][\u4e00-\u9fff]{{1,3}})*$"
)
# Enumerated slogans: 东强、西兴、南美、北起、中优; 暖企、助企、兴企; 产业回归、工业回城.
SLOGAN_ENUM = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z+·]{1,8}(?:[、,][\u4e00-\u9fff0-9A-Za-z+·]{1,8}){1,7}$")
# Verbs that introduce a slogan as something pursued (not merely quoted): 融入“…”, 打造“…”, 实现“…”.
SLOGAN_VERBS = (
    "融入",
    "打造",
    "实现",
    "推动实现",
    "构建",
    "建设",
    "形成",
    "落实",
    "实施",
    "推进",
    "开展",
    "聚焦",
    "提出",
    "围绕",
    "锚定",
    "布局",
    "加快建设",
    "重点打造",
    "全力打造",
    "着力打造",
    "谋划",
    "坚持以",
)

# ---------------------------------------------------------------- organisations inside project names

# A project named after the organization behind it: <org><region>总部, <org>新能源整车项目.
REGION_WORDS = (
    "山东",
    "北方",
    "南方",
    "华北",
    "华东",
    "华南",
    "华中",
    "西南",
    "西北",
    "东北",
    "长三角",
    "珠三角",
    "京津冀",
    "中国",
    "全国",
    "亚太",
    "区域",
    "总部",
    "北方区",
    "长三角区域",
)

# ---------------------------------------------------------------- relation cues

COOPERATION_VERBS = (
    "签订战略合作协议",
    "签署战略合作协议",
    "签订合作协议",
    "签署合作协议",
    "战略合作",
    "合作签约",
    "签约合作",
    "签订",
    "签署",
    "合作",
    "携手",
    "联合",
    "共建",
)
SETTLE_VERBS = ("落户", "入驻", "落地", "引进", "引入", "新引进", "总部", "设立", "注册")
INVEST_VERBS = ("投资", "设立", "建设", "打造", "运营", "承建", "开发", "投建", "出资", "牵头")
