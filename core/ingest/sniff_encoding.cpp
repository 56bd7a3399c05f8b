// Sniffer step 1: the text encoding. A BOM decides; then UTF-16 by its zero bytes; then valid
// UTF-8; otherwise a legacy code page: GB18030 (GBK, Excel in mainland China), Big5 (Taiwan,
// Hong Kong) or Windows-1252 (Western Europe). GBK and Big5 share their byte ranges, so the
// candidates are decoded with iconv and scored on which reads as the words order exports use.
#include <cstring>

#include "ingest/decoder.hpp"
#include "ingest/sniff_steps.hpp"

namespace clv::sniff_detail {
namespace {

// Header words an order export uses, as each script writes them (UTF-8).
constexpr std::string_view kSimplified[] = {"客户", "订单", "日期", "金额", "数量", "单价", "会员", "时间",
                                            "状态", "商品", "用户", "实付", "销售", "编号", "支付", "价格"};
constexpr std::string_view kTraditional[] = {"客戶", "訂單", "日期", "金額", "數量", "單價", "會員", "時間",
                                             "狀態", "商品", "用戶", "實付", "銷售", "編號", "支付", "價格"};

template <size_t N>
size_t count_words(const std::string& text, const std::string_view (&words)[N]) {
    size_t hits = 0;
    for (std::string_view w : words)
        for (size_t pos = text.find(w); pos != std::string::npos; pos = text.find(w, pos + w.size())) ++hits;
    return hits;
}

size_t invalid_utf8_sequences(std::string_view s, bool allow_cut_end) {
    size_t bad = 0;
    while (!s.empty()) {
        const size_t ok = valid_utf8_prefix(s, allow_cut_end);
        if (ok == s.size()) break;
        ++bad;
        s.remove_prefix(ok + 1);
    }
    return bad;
}

}  // namespace

Encoding detect_encoding(std::string_view head, bool is_whole_file, std::string& note) {
    auto starts = [&](std::string_view magic) { return head.substr(0, magic.size()) == magic; };
    if (starts("\xEF\xBB\xBF")) return note = "UTF-8 (with byte order mark)", Encoding::utf8;
    if (starts("\xFF\xFE")) return note = "UTF-16 little-endian (byte order mark)", Encoding::utf16le;
    if (starts("\xFE\xFF")) return note = "UTF-16 big-endian (byte order mark)", Encoding::utf16be;

    // UTF-16 without a BOM: ASCII characters leave a zero in every other byte.
    const size_t n = std::min<size_t>(head.size(), 8192) & ~size_t{1};
    size_t zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        zero_even += head[i] == '\0';
        zero_odd += head[i + 1] == '\0';
    }
    if (n >= 4 && zero_odd * 3 > n / 2 && zero_even * 10 < n / 2) return note = "UTF-16 little-endian (no byte order mark)", Encoding::utf16le;
    if (n >= 4 && zero_even * 3 > n / 2 && zero_odd * 10 < n / 2) return note = "UTF-16 big-endian (no byte order mark)", Encoding::utf16be;

    size_t high = 0;
    for (char c : head) high += static_cast<unsigned char>(c) >= 0x80;
    if (high == 0) return note = "ASCII (read as UTF-8)", Encoding::utf8;
    const size_t bad = invalid_utf8_sequences(head, !is_whole_file);
    if (bad == 0) return note = "UTF-8", Encoding::utf8;
    // Mostly valid multi-byte UTF-8 with a few broken bytes: a UTF-8 file with damage, not a code page.
    if (bad * 20 < high) return note = "UTF-8 (with " + std::to_string(bad) + " invalid byte sequences in the sample)", Encoding::utf8;

    // Legacy code pages. Chinese text comes in pairs of high bytes; accented Latin letters are
    // single high bytes between ASCII ones.
    size_t pairs = 0, isolated = 0;
    for (size_t i = 0; i < head.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(head[i]);
        if (c < 0x80) continue;
        const unsigned char t = i + 1 < head.size() ? static_cast<unsigned char>(head[i + 1]) : 0;
        // Chinese: a lead byte and a high trail byte (GBK's common hanzi always; Big5's more than
        // half the time). Latin: a high byte between ASCII letters ("M\xFCller").
        if (c >= 0x81 && t >= 0x80 && t != 0xFF) {
            ++pairs;
            ++i;
        } else {
            ++isolated;
            if (c >= 0x81 && t >= 0x40 && t < 0x80) ++i;  // a Big5/GBK pair with an ASCII-range trail, or Latin
        }
    }
    if (pairs == 0 || isolated > 2 * pairs) return note = "Windows-1252 (Western European code page)", Encoding::windows1252;

    uint64_t bad_gb = 0, bad_big5 = 0;
    const std::string gb = decode_to_utf8(head, Encoding::gb18030, is_whole_file, &bad_gb);
    const std::string big5 = decode_to_utf8(head, Encoding::big5, is_whole_file, &bad_big5);
    const size_t gb_words = count_words(gb, kSimplified), big5_words = count_words(big5, kTraditional);
    if (bad_big5 > bad_gb || gb_words > big5_words || (gb_words == big5_words && bad_gb == 0))
        return note = "GB18030/GBK (Chinese, mainland)", Encoding::gb18030;
    return note = "Big5 (Chinese, Taiwan / Hong Kong)", Encoding::big5;
}

}  // namespace clv::sniff_detail
