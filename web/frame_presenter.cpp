#include "frame_presenter.hpp"

#include <imgui.h>

#include <cstring>

namespace clv::web {
namespace {

// A simple multiply-xorshift digest over 8-byte words: ~1 GB/s in wasm, so a frame's few
// hundred KB of vertices cost well under a millisecond. A collision (2^-64) would leave one
// stale picture until the next change.
class Digest {
public:
    void word(uint64_t w) {
        h_ = (h_ ^ w) * 0x9E3779B97F4A7C15ull;
        h_ ^= h_ >> 29;
    }
    void bytes(const void* data, size_t n) {
        const auto* p = static_cast<const unsigned char*>(data);
        word(n);
        for (; n >= 8; p += 8, n -= 8) {
            uint64_t w;
            std::memcpy(&w, p, 8);
            word(w);
        }
        uint64_t tail = 0;
        std::memcpy(&tail, p, n);
        word(tail);
    }
    void real(float f) {
        uint32_t u;
        std::memcpy(&u, &f, 4);
        word(u);
    }
    uint64_t value() const { return h_; }

private:
    uint64_t h_ = 0xCBF29CE484222325ull;
};

}  // namespace

uint64_t draw_data_digest(const ImDrawData& data) {
    Digest d;
    d.real(data.DisplayPos.x), d.real(data.DisplayPos.y);
    d.real(data.DisplaySize.x), d.real(data.DisplaySize.y);
    d.real(data.FramebufferScale.x), d.real(data.FramebufferScale.y);
    d.word(static_cast<uint64_t>(data.CmdListsCount));
    for (int i = 0; i < data.CmdListsCount; ++i) {
        const ImDrawList* list = data.CmdLists[i];
        d.bytes(list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        d.bytes(list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : list->CmdBuffer) {
            d.real(c.ClipRect.x), d.real(c.ClipRect.y), d.real(c.ClipRect.z), d.real(c.ClipRect.w);
            d.word(reinterpret_cast<uintptr_t>(c.TextureId));
            d.word(c.VtxOffset), d.word(c.IdxOffset), d.word(c.ElemCount);
            d.word(reinterpret_cast<uintptr_t>(c.UserCallback));
        }
    }
    return d.value();
}

bool FramePresenter::should_draw(const PresentInputs& in) {
    const bool input = in.input_serial != input_serial_;
    input_serial_ = in.input_serial;
    if (input) settle_until_ms_ = in.now_ms + kSettleMs;
    bool draw;
    if (!started_ || in.forced) draw = true;
    else if (in.digest == drawn_digest_) draw = false;  // the picture on screen is this frame's
    else if (!in.loading || in.now_ms < settle_until_ms_) draw = true;
    else draw = in.now_ms - last_drawn_ms_ >= kProgressRedrawMs;
    if (draw) {
        started_ = true;
        drawn_digest_ = in.digest;
        last_drawn_ms_ = in.now_ms;
        ++drawn_;
    }
    return draw;
}

}  // namespace clv::web
