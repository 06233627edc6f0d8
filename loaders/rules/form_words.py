"""Word tables of name formation: heads that need a specific modifier, the defining words after a quoted
slogan, and the words, characters and parts of speech that can never be inside a name (so a name's left
edge is found by walking left until one of them). Read them through `loaders.rules.forms`.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# ---------------------------------------------------------------- heads that need more

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
