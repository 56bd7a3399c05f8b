// Sniffer step 4: which column plays which role. Header names first (English and Chinese, simple
// and traditional script; exact names before names that merely contain a keyword), then the
// contents for whatever is still missing. Also recognises a per-customer summary file.
#include <algorithm>

#include "ingest/sniff_steps.hpp"

namespace clv::sniff_detail {
namespace {

enum Role { kCustomer, kDate, kAmount, kQuantity, kUnitPrice, kOrder, kStatus, kProduct, kChannel, kCountry, kRoleCount };

// Header names per role, normalised (lower case; no spaces, underscores, dashes, dots, brackets).
const std::vector<std::string>& role_names(Role r) {
    static const std::vector<std::string> names[kRoleCount] = {
        {"customerid", "customer", "custid", "customerno", "customernumber", "customercode", "clientid", "client",
         "memberid", "member", "userid", "user", "buyerid", "buyer", "accountid", "account", "shopperid", "email",
         "customeremail", "客户id", "客户编号", "客户号", "客户", "会员id", "会员编号", "会员号", "会员", "用户id", "用户",
         "买家id", "买家", "顾客id", "顾客", "客戶id", "客戶編號", "客戶", "會員id", "會員編號", "會員", "用戶id", "買家", "id"},
        {"date", "orderdate", "invoicedate", "purchasedate", "transactiondate", "saledate", "paymentdate", "datetime",
         "timestamp", "createdat", "orderedat", "time", "订单日期", "下单时间", "下单日期", "日期", "交易日期", "交易时间",
         "付款时间", "支付时间", "购买日期", "购买时间", "创建时间", "时间", "訂單日期", "下單時間", "交易日期", "購買日期", "時間"},
        {"amount", "dollarvalue", "value", "revenue", "sales", "salesamount", "total", "ordervalue", "ordertotal",
         "totalprice", "totalamount", "spend", "payment", "paid", "grandtotal", "subtotal", "netamount", "金额",
         "实付金额", "订单金额", "销售额", "支付金额", "交易金额", "消费金额", "实收金额", "应付金额", "总价", "总金额",
         "金額", "實付金額", "訂單金額", "銷售額", "交易金額", "消費金額"},
        {"quantity", "qty", "units", "numberofcds", "count", "数量", "购买数量", "件数", "數量"},
        {"unitprice", "price", "itemprice", "单价", "价格", "商品单价", "單價", "價格"},
        {"orderid", "orderno", "ordernumber", "order", "invoiceno", "invoice", "invoiceid", "invoicenumber",
         "transactionid", "receiptno", "订单号", "订单编号", "订单id", "单号", "交易号", "流水号", "訂單號", "訂單編號"},
        {"status", "orderstatus", "returnflag", "isreturn", "returned", "return", "refund", "cancelled", "type",
         "状态", "订单状态", "交易状态", "退货", "退款状态", "狀態", "訂單狀態"},
        {"product", "productid", "productname", "sku", "stockcode", "item", "itemid", "description", "商品", "商品名称",
         "商品编号", "产品", "产品名称", "货品", "宝贝", "商品名稱", "產品"},
        {"channel", "source", "platform", "store", "shop", "渠道", "平台", "店铺", "来源", "通路"},
        {"country", "region", "state", "province", "city", "国家", "地区", "省份", "城市", "國家", "地區"},
    };
    return names[r];
}

int match_by_name(const std::vector<std::string>& header, Role role, const std::vector<bool>& taken) {
    const auto& names = role_names(role);
    std::vector<std::string> normal;
    for (const std::string& h : header) normal.push_back(normalise_name(h));
    for (const std::string& want : names)
        for (size_t c = 0; c < header.size(); ++c)
            if (!taken[c] && normal[c] == want) return static_cast<int>(c);
    for (const std::string& want : names) {
        if (want.size() < 4) continue;  // "id" inside any name would match too much
        for (size_t c = 0; c < header.size(); ++c)
            if (!taken[c] && normal[c].find(want) != std::string::npos) return static_cast<int>(c);
    }
    return kNoColumn;
}

bool mostly_digit_ids(const std::vector<std::string_view>& values) {
    size_t digits = 0, non_empty = 0;
    for (std::string_view v : values) {
        v = trim(v);
        if (v.empty()) continue;
        ++non_empty;
        digits += v.find_first_not_of("0123456789") == std::string_view::npos;
    }
    return non_empty > 0 && digits * 2 >= non_empty;
}

}  // namespace

std::string normalise_name(std::string_view name) {
    std::string out;
    for (char c : trim(name)) {
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '"' || c == '(' || c == ')' || c == '/' || c == '#')
            continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

bool detect_summary_file(const std::vector<std::string>& header, SummaryColumns& s) {
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string n = normalise_name(header[c]);
        const int col = static_cast<int>(c);
        if (n == "frequency" || n == "x") s.frequency = col;
        else if (n == "recency" || n == "tx") s.recency = col;
        else if (n == "t" || n == "age") s.age = col;
        else if (n == "monetaryvalue" || n == "monetary" || n == "zbar" || n == "m") s.monetary = col;
        else if (n == "customerid" || n == "id" || n == "customer" || n == "cust") s.customer = col;
    }
    if (s.frequency == kNoColumn || s.recency == kNoColumn || s.age == kNoColumn) return false;
    if (s.customer == kNoColumn)  // the first column that is not a summary figure
        for (int c = 0; c < static_cast<int>(header.size()); ++c)
            if (c != s.frequency && c != s.recency && c != s.age && c != s.monetary) {
                s.customer = c;
                break;
            }
    return s.customer != kNoColumn;
}

void assign_roles(const std::vector<std::vector<std::string>>& rows, std::vector<ColumnProfile>& profile,
                  SniffResult& result) {
    ReadOptions& o = result.options;
    const size_t width = profile.size();
    std::vector<bool> taken(width, false);
    int* role_column[kRoleCount] = {&o.customer_column, &o.date_column,    &o.amount_column,  &o.quantity_column,
                                    &o.unit_price_column, &o.order_column, &o.status_column,  &o.product_column,
                                    &o.channel_column,  &o.country_column};
    auto take = [&](Role r, int c) {
        *role_column[r] = c;
        taken[static_cast<size_t>(c)] = true;
    };
    if (o.has_header) {
        for (Role r : {kDate, kAmount, kQuantity, kUnitPrice, kOrder, kCustomer, kStatus, kProduct, kChannel, kCountry}) {
            const int c = match_by_name(o.column_names, r, taken);
            if (c == kNoColumn) continue;
            ColumnProfile& p = profile[static_cast<size_t>(c)];
            if (r == kDate && p.date == DateFormat::unknown) {
                // A column named as a date that holds plain numbers: Excel serials or Unix time.
                p.date = detect_date_format(p.values.data(), p.values.size(), true);
                if (p.date == DateFormat::unknown) continue;
            }
            if ((r == kAmount || r == kQuantity || r == kUnitPrice) && p.numeric_share < 0.8) continue;
            take(r, c);
        }
        // An amount column makes quantity × price unnecessary.
        if (o.amount_column != kNoColumn) {
            for (int* c : {&o.quantity_column, &o.unit_price_column})
                if (*c != kNoColumn) taken[static_cast<size_t>(*c)] = false, *c = kNoColumn;
        }
    }
    // ... then by content: the first dated column, the rightmost decimal number, the first other column.
    if (o.date_column == kNoColumn)
        for (size_t c = 0; c < width; ++c)
            if (!taken[c] && profile[c].date != DateFormat::unknown) {
                take(kDate, static_cast<int>(c));
                break;
            }
    if (o.amount_column == kNoColumn && (o.quantity_column == kNoColumn || o.unit_price_column == kNoColumn)) {
        int best = kNoColumn;
        for (size_t c = 0; c < width; ++c)
            if (!taken[c] && profile[c].numeric && (best == kNoColumn || profile[c].has_decimals ||
                                                    !profile[static_cast<size_t>(best)].has_decimals))
                if (c != 0 || width <= 2) best = static_cast<int>(c);
        if (best != kNoColumn) {
            take(kAmount, best);
            o.quantity_column = o.unit_price_column = kNoColumn;
        }
    }
    if (o.customer_column == kNoColumn)
        for (size_t c = 0; c < width; ++c)
            if (!taken[c] && !profile[c].has_decimals) {
                take(kCustomer, static_cast<int>(c));
                break;
            }
    if (o.customer_column == kNoColumn)
        for (size_t c = 0; c < width; ++c)
            if (!taken[c]) {
                take(kCustomer, static_cast<int>(c));
                break;
            }
    if (o.order_column != kNoColumn)
        o.cancel_prefix = mostly_digit_ids(profile[static_cast<size_t>(o.order_column)].values);
    (void)rows;
}

}  // namespace clv::sniff_detail
