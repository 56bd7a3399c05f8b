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
    };
    return table;
}

}  // namespace clv::web
