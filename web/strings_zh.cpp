// 简体中文界面文字，顺序与 Str 键一致（i18n.hpp）。
#include "i18n.hpp"

namespace clv::web {

const std::vector<LabelEntry>& strings_zh() {
    static const std::vector<LabelEntry> table = {
        {Str::tagline, "客户终身价值分析，在您的浏览器中完成：数据不会离开本页面"},
        {Str::language_button, "English"},
        {Str::tab_import, "导入"},
        {Str::tab_customers, "客户"},
        {Str::import_intro, "把订单 CSV 文件拖到本页面（每行一笔订单：客户ID、日期、金额），或选择文件。"
                           "文件只在您的浏览器中读取，不会上传。"},
        {Str::load_sample, "载入示例数据"},
        {Str::load_sample_tip, "CDNOW：一家网上唱片店的 23,570 位客户，1997–1998 年（69,659 笔订单）"},
        {Str::choose_file, "选择文件..."},
        {Str::reading_file, "正在读取 %s ..."},
        {Str::progress_mb, "%.1f / %.1f MB"},
        {Str::cancel, "取消"},
        {Str::calibration_end, "校准期截止日"},
        {Str::calibration_end_tip, "截止日（含）之前的购买用于描述客户（x、t_x、T），\n"
                                  "之后的购买构成验证期。留空：使用文件中的最后一天。"},
        {Str::time_unit, "时间单位"},
        {Str::time_unit_items, "天\0周\0"},
        {Str::apply, "应用"},
        {Str::calibration_end_invalid, "校准期截止日须写成 YYYY-MM-DD，例如 1997-09-30。"},
        {Str::detected_header, "自动识别结果"},
        {Str::delimiter, "分隔符"},
        {Str::header_line, "表头行"},
        {Str::date_format, "日期格式"},
        {Str::yes, "有"},
        {Str::no, "无"},
        {Str::customer_id_column, "客户ID"},
        {Str::date_column, "日期"},
        {Str::amount_column, "金额"},
        {Str::quantity_times_price, "数量 × 单价"},
        {Str::delim_comma, "逗号"},
        {Str::delim_semicolon, "分号"},
        {Str::delim_tab, "制表符"},
        {Str::delim_pipe, "竖线"},
        {Str::delim_spaces, "空格"},
        {Str::delim_other, "其他"},
        {Str::accounting_header, "每一行都有交代"},
        {Str::accounting_line, "读取行数：%llu    表头：%llu    采用：%llu    拒绝：%llu"},
        {Str::customers_line, "客户数：%zu    购买日期 %s 至 %s    校准期截止 %s    （读取用时 %.2f 秒）"},
        {Str::after_calibration, "%llu 位客户在校准期截止后才首次购买，未纳入汇总。"},
        {Str::rejected_header, "被拒绝的行（显示前 %zu 行）："},
        {Str::col_line, "行"},
        {Str::col_column, "列"},
        {Str::col_reason, "原因"},
        {Str::col_text, "内容"},
        {Str::no_data_yet, "还没有数据：请在“导入”页载入示例数据或您自己的文件。"},
        {Str::customers_count, "%zu 位客户"},
        {Str::customers_legend, "x = 重复购买次数，t_x = 最后一次购买时间，T = 客户年龄（单位：%s），"
                               "消费金额 = 平均每次重复购买金额"},
        {Str::search_hint, "搜索客户ID"},
        {Str::col_customer_id, "客户ID"},
        {Str::col_first_purchase, "首次购买"},
        {Str::col_last_purchase, "最近购买"},
        {Str::col_purchase_days, "购买天数"},
        {Str::col_x, "x"},
        {Str::col_t_x, "t_x"},
        {Str::col_T, "T"},
        {Str::col_monetary, "消费金额"},
        {Str::unit_days, "天"},
        {Str::unit_weeks, "周"},
        {Str::tab_privacy, "隐私"},
        {Str::privacy_title, "您的数据只留在这台电脑上"},
        {Str::privacy_points,
         "- 您打开的文件由本页面在浏览器内（WebAssembly）读取，绝不会上传。\n"
         "- 本页面只能加载自己的文件：下方的内容安全策略（CSP）禁止连接任何其他地址，\n"
         "  因此它无法把您的数据发送出去。\n"
         "- 不保存任何数据：关闭标签页即清除。只有设置（语言、是否看过导览）保存在本浏览器的本地存储中。\n"
         "- 打包发布的网站会缓存自身文件供离线使用，断网后仍可运行。"},
        {Str::privacy_requests, "页面加载后发出的网络请求数：%d"},
        {Str::privacy_csp, "当前生效的内容安全策略："},
        {Str::privacy_offline_on, "离线副本：已启用（断网也能使用本页面）。"},
        {Str::privacy_offline_off, "离线副本：此处未启用（通过 HTTPS 或 localhost 访问打包网站时启用）。"},
        {Str::tab_help, "帮助"},
        {Str::help_intro, "用通俗的话解释各项数字。点击主题展开。"},
        {Str::help_clv_title, "客户终身价值（CLV）"},
        {Str::help_clv,
         "CLV 是客户在整个关系期间为您带来的价值：未来所有购买的毛利，折算成今天的钱，再减去获客成本（CAC）。\n"
         "    CLV = Σ（各期 t）毛利率 × 第 t 期预期消费 /（1 + 折现率）^t − CAC\n"
         "管理文献中的简易公式是：平均订单金额 × 购买频率 × 客户寿命 − CAC。下面的模型更进一步：\n"
         "它们为每位客户估计其是否仍然活跃、今后会多常购买。"},
        {Str::help_summary_title, "客户汇总：x、t_x、T"},
        {Str::help_summary,
         "同一客户同一天的所有购买算作一次购买。\n"
         "    x   = 重复购买次数：校准期内首次购买之后的购买天数\n"
         "    t_x = 从首次购买到最后一次购买的时间（最近度）\n"
         "    T   = 从首次购买到校准期结束的时间（客户年龄）\n"
         "    m   = 重复购买的平均金额\n"
         "校准期截止日之后的购买构成验证期，用来检验模型的预测。"},
        {Str::help_rfm_title, "RFM：最近一次购买、购买频率、消费金额"},
        {Str::help_rfm,
         "每位客户得到三个 1–5 分（按五分位）：R 表示最近一次购买有多近，F 表示购买多频繁，M 表示消费多少。\n"
         "组合起来命名细分群体，例如“冠军客户”（最近买过、常买、买得多）、“有流失风险”（过去常买、最近沉默）\n"
         "或“已流失”。八类客户法把 R、F、M 与平均值比较：三项都高于平均的是重要价值客户。"},
        {Str::help_tiers_title, "价值分层 A / B / C"},
        {Str::help_tiers,
         "按价值从高到低排列客户：A 类是贡献前 80% 价值的少数客户，B 类贡献其后 15%，其余为 C 类。\n"
         "洛伦兹（帕累托）曲线显示客户占比与价值占比的关系；基尼系数（0 = 人人相同，1 = 一位客户贡献全部）\n"
         "概括了价值的集中程度。"},
        {Str::help_lifecycle_title, "生命周期阶段"},
        {Str::help_lifecycle,
         "获取期：新客户，目前只买过一次。提升期：购买越来越频繁。成熟期：稳定、规律的购买者。\n"
         "衰退期：沉默时间超过自己惯常的间隔，或仍然活跃的概率下降。流失期：很可能不会再购买。\n"
         "每个阶段有各自的策略：欢迎、交叉销售、忠诚计划、挽回、放手。"},
        {Str::help_models_title, "模型（BG/NBD、Pareto/NBD、Gamma-Gamma 等）"},
        {Str::help_models,
         "BG/NBD（Fader、Hardie 和 Lee，2005）：客户活跃时以稳定速率 λ 购买（泊松过程）；每次购买后以概率 p 流失。\n"
         "不同客户的速率服从 gamma(r, α) 分布，流失概率服从 beta(a, b) 分布。由 x、t_x 和 T 得出 P(活跃) 和预期购买次数。\n"
         "Pareto/NBD（Schmittlein、Morrison 和 Colombo，1987）：同上，但流失可在任何时刻发生（速率 μ ~ gamma(s, β)）。\n"
         "MBG/NBD（Batislam 等，2007）：与 BG/NBD 相似，但客户在首次购买后也可能立即流失。\n"
         "BG/BB（Fader、Hardie 和 Shang，2010）：适用于离散的机会（每年捐款、活动）。\n"
         "移位贝塔几何模型 sBG（Fader 和 Hardie，2007）：订阅客户的留存，流失概率 θ ~ beta(α, β)。\n"
         "Gamma-Gamma（Fader、Hardie 和 Lee，2005）：每次购买的金额：消费 ~ gamma(p, ν)，ν ~ gamma(q, γ)。\n"
         "参数用最大似然估计；标准误来自最优点处的曲率。"},
        {Str::tour_title, "欢迎使用 CLV Studio"},
        {Str::tour_step1, "1 / 3  从您的订单开始：在“导入”页打开 CSV（客户ID、日期、金额）或点击“载入示例数据”。\n"
                          "文件只在此处读取，绝不上传。"},
        {Str::tour_step2, "2 / 3  “客户”页列出每一位客户：首次和最近购买、回购次数、消费金额。\n"
                          "点击列标题排序，输入文字搜索。"},
        {Str::tour_step3, "3 / 3  “帮助”用通俗的话解释每个数字；“隐私”说明没有任何数据离开本页面。\n"
                          "右上角的按钮可切换为英文（English）。"},
        {Str::tour_next, "下一步"},
        {Str::tour_skip, "跳过导览"},
        {Str::tour_done, "开始使用"},
        {Str::tour_restart, "再看一次导览"},
        {Str::file_too_large, "%s 有 %.1f GB，超过浏览器标签页能容纳的大小（约 %.1f GB）。请先用 sql/ 中的 SQL"
                              "（DuckDB、Spark、BigQuery）汇总，然后打开按客户汇总的 CSV。"},
        {Str::out_of_memory, "%s：读取时浏览器内存不足。请关闭其他标签页后重试，或先用 sql/ 中的 SQL 汇总文件，"
                             "再打开按客户汇总的 CSV。"},
        {Str::stage_summarising, "正在汇总客户 ..."},
        {Str::stage_analysing, "正在拟合模型并分析客户 ..."},
    };
    return table;
}

}  // namespace clv::web
