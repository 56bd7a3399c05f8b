// A std::vector whose resize() leaves new elements of a trivial type uninitialised, for scratch
// arrays that are written in full before they are read (a radix sort's scatter target, keys
// filled slice by slice). Why: std::vector value-initialises, and zero-filling 80 MB of fresh
// memory at 10M customers was a single 100 ms step of a browser frame in wasm; left alone, the
// pages are touched by the writes that fill them, slice by slice.
#pragma once
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace clv {

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
    using value_type = T;
    template <class U>
    struct rebind {
        using other = DefaultInitAllocator<U>;
    };
    DefaultInitAllocator() noexcept = default;
    template <class U>
    DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

    // No arguments: default-initialise (nothing, for a trivial type) instead of value-initialise.
    template <class U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

template <class T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace clv
