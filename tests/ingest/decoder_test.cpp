// The streaming Decoder in any chunking against iconv run here directly on the whole text, in the
// encodings whose ASCII runs the decoder copies without iconv (GB18030, Big5, windows-1252) and in
// UTF-16. The byte strings are written out here (musl's iconv in the wasm build decodes these
// code pages but cannot encode them).
#include "ingest/decoder.hpp"

#include <gtest/gtest.h>

#include <iconv.h>

#include <random>
#include <string>

#include "support/test_files.hpp"

namespace clv {
namespace {

// `from` → UTF-8 in one iconv call, written here so that the expected text does not come from
// the decoder under test.
std::string whole_iconv(const std::string& bytes, const char* from) {
    iconv_t h = iconv_open("UTF-8", from);
    EXPECT_NE(h, reinterpret_cast<iconv_t>(-1)) << from;
    std::string out(bytes.size() * 4 + 16, 0);
    char* in = const_cast<char*>(bytes.data());
    size_t in_left = bytes.size(), out_left = out.size();
    char* o = out.data();
    EXPECT_NE(iconv(h, &in, &in_left, &o, &out_left), static_cast<size_t>(-1)) << from;
    iconv_close(h);
    out.resize(out.size() - out_left);
    return out;
}

std::string decode_in_chunks(const std::string& bytes, Encoding e, unsigned seed, uint64_t* invalid = nullptr) {
    Decoder d(e);
    EXPECT_TRUE(d.ok());
    std::mt19937 rng(seed);
    std::string out;
    size_t pos = 0;
    while (pos < bytes.size()) {
        const size_t n = std::min<size_t>(bytes.size() - pos, seed == 0 ? bytes.size() : rng() % 7 + 1);
        d.decode(bytes.data() + pos, n, pos + n == bytes.size(), out);
        pos += n;
    }
    if (invalid) *invalid = d.invalid_sequences();
    return out;
}

std::string repeat_lines(const std::string& lines, int times) {
    std::string s;
    for (int i = 0; i < times; ++i) s += std::to_string(10000 + i) + lines;
    return s;
}

TEST(Decoder, Gb18030InAnyChunkingMatchesTheWholeText) {
    // The bundled GBK export, then lines with four-byte GB18030 characters (😀 𠀀) and 乒 金额.
    std::string bytes = testing::read_text_file(std::string(CLV_ASSETS) + "/samples/orders_gbk.csv");
    ASSERT_GT(bytes.size(), 1000u);
    bytes += repeat_lines(",\x94\x39\xfc\x36\x95\x32\x82\x36\xc6\xb9,\xbd\xf0\xb6\xee\r\n", 50);
    const std::string want = whole_iconv(bytes, "GB18030");
    EXPECT_NE(want.find("乒,金额\r\n"), std::string::npos);  // (musl maps the four-byte forms its own way)
    for (unsigned seed : {0u, 1u, 2u, 3u}) EXPECT_EQ(decode_in_chunks(bytes, Encoding::gb18030, seed), want) << seed;
}

TEST(Decoder, Big5TrailBytesBelow0x80AreNotTakenForAscii) {
    // 2024年3月5日,許功蓋,"引號": 年 is A6 7E (trail '~'), 許 功 蓋 end in 5C ('\').
    const std::string bytes = repeat_lines(",2024\xA6\x7E" "3\xA4\xEB" "5\xA4\xE9,\xB3\x5C\xA5\x5C\xBB\x5C,\"\xA4\xDE\xB8\xB9\"\n", 200);
    const std::string want = whole_iconv(bytes, "BIG5");
    EXPECT_NE(want.find(",2024年3月5日,許功蓋,\"引號\"\n"), std::string::npos);
    for (unsigned seed : {0u, 4u, 5u}) EXPECT_EQ(decode_in_chunks(bytes, Encoding::big5, seed), want) << seed;
}

TEST(Decoder, Windows1252AndUtf16) {
    const std::string latin = repeat_lines(",M\xFCller,Stra\xDF" "e,\x80" "12,50\n", 20);
    EXPECT_EQ(decode_in_chunks(latin, Encoding::windows1252, 6), repeat_lines(",Müller,Straße,€12,50\n", 20));
    // "客户,金额\n" in UTF-16 LE and BE.
    const std::string le("\xa2\x5b\x37\x62\x2c\x00\xd1\x91\x9d\x98\x0a\x00", 12), be("\x5b\xa2\x62\x37\x00\x2c\x91\xd1\x98\x9d\x00\x0a", 12);
    std::string le_text, be_text;
    for (int i = 0; i < 30; ++i) le_text += le, be_text += be;
    EXPECT_EQ(decode_in_chunks(le_text, Encoding::utf16le, 7), whole_iconv(le_text, "UTF-16LE"));
    EXPECT_EQ(decode_in_chunks(be_text, Encoding::utf16be, 8), whole_iconv(be_text, "UTF-16BE"));
    EXPECT_EQ(whole_iconv(le, "UTF-16LE"), "客户,金额\n");
}

TEST(Decoder, InvalidBytesBecomeReplacementCharactersAndAreCounted) {
    // 0xFF never starts a GB18030 character; a lead byte cut at the very end is invalid too.
    const std::string bytes = "ab\xFF" "cd,\xbd\xf0\xb6\xee\n12\xB0";
    uint64_t invalid = 0;
    for (unsigned seed : {0u, 9u}) {
        EXPECT_EQ(decode_in_chunks(bytes, Encoding::gb18030, seed, &invalid), "ab\uFFFDcd,金额\n12\uFFFD") << seed;
        EXPECT_EQ(invalid, 2u) << seed;
    }
}

}  // namespace
}  // namespace clv
