// The streaming Decoder against iconv run here directly on the whole text: the same UTF-8 for any
// chunking, in the encodings whose ASCII runs the decoder copies without iconv (GB18030, Big5,
// windows-1252) and in UTF-16.
#include "ingest/decoder.hpp"

#include <gtest/gtest.h>

#include <iconv.h>

#include <random>
#include <string>

namespace clv {
namespace {

// UTF-8 → `to` with iconv, written here so that the expected bytes do not come from the decoder.
std::string encode(const std::string& utf8, const char* to) {
    iconv_t h = iconv_open(to, "UTF-8");
    EXPECT_NE(h, reinterpret_cast<iconv_t>(-1)) << to;
    std::string out(utf8.size() * 4 + 16, 0);
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size(), out_left = out.size();
    char* o = out.data();
    EXPECT_NE(iconv(h, &in, &in_left, &o, &out_left), static_cast<size_t>(-1)) << to;
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

// Lines as exports have them: ASCII ids and amounts around Chinese names and 年月日 dates.
// 許 and 功 are Big5 characters whose second byte is '\' (0x5C); 乒 is GBK 0x81 0x40 (trail '@');
// 😀 and 𠀀 are four-byte GB18030 characters.
// Big5 has traditional characters only: `four_byte` (GB18030) files get the simplified header.
std::string sample_text(bool four_byte) {
    std::string s = four_byte ? "客户ID,订单日期,金额,备注\n" : "客戶ID,訂單日期,金額,備註\n";
    for (int i = 0; i < 200; ++i) {
        s += std::to_string(10000 + i * 37) + ",2024年" + std::to_string(i % 12 + 1) + "月" + std::to_string(i % 28 + 1) +
             "日," + std::to_string(i * 13 % 997) + ".50,";
        s += i % 3 == 0 ? "許功蓋" : i % 3 == 1 ? "張三,\"引號\"" : "abc def";
        if (four_byte && i % 17 == 0) s += "😀𠀀乒";
        s += i % 5 == 0 ? "\r\n" : "\n";
    }
    return s;
}

TEST(Decoder, Gb18030InAnyChunkingMatchesTheWholeText) {
    const std::string utf8 = sample_text(true);
    const std::string bytes = encode(utf8, "GB18030");
    for (unsigned seed : {0u, 1u, 2u, 3u}) EXPECT_EQ(decode_in_chunks(bytes, Encoding::gb18030, seed), utf8) << seed;
}

TEST(Decoder, Big5TrailBytesBelow0x80AreNotTakenForAscii) {
    const std::string utf8 = sample_text(false);
    const std::string bytes = encode(utf8, "BIG5");
    ASSERT_NE(bytes.find("\xB3\x5C"), std::string::npos);  // 許: a trail byte that looks like '\'
    for (unsigned seed : {0u, 4u, 5u}) EXPECT_EQ(decode_in_chunks(bytes, Encoding::big5, seed), utf8) << seed;
}

TEST(Decoder, Windows1252AndUtf16) {
    const std::string latin = "Müller,Straße 5,€12,50\nCafé,naïve,£3\n";
    EXPECT_EQ(decode_in_chunks(encode(latin, "WINDOWS-1252"), Encoding::windows1252, 6), latin);
    const std::string utf8 = sample_text(true);
    EXPECT_EQ(decode_in_chunks(encode(utf8, "UTF-16LE"), Encoding::utf16le, 7), utf8);
    EXPECT_EQ(decode_in_chunks(encode(utf8, "UTF-16BE"), Encoding::utf16be, 8), utf8);
}

TEST(Decoder, InvalidBytesBecomeReplacementCharactersAndAreCounted) {
    // 0xFF never starts a GB18030 character; a lead byte cut at the very end is invalid too.
    const std::string bytes = "ab\xFF" "cd," + encode("金额", "GB18030") + "\n12\xB0";
    uint64_t invalid = 0;
    for (unsigned seed : {0u, 9u}) {
        EXPECT_EQ(decode_in_chunks(bytes, Encoding::gb18030, seed, &invalid), "ab\uFFFDcd,金额\n12\uFFFD") << seed;
        EXPECT_EQ(invalid, 2u) << seed;
    }
}

}  // namespace
}  // namespace clv
