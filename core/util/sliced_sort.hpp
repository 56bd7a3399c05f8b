// A stable sort of the indices 0..n-1 by a comparator, done a slice at a time, for a browser frame:
// runs of kRun indices are sorted with std::stable_sort, then merged pairwise, pass after pass, and
// a merge can stop and resume at any element. Each step() does about `budget` elements of work.
//
// Why: a per-customer summary file whose lines are not in id order must be sorted at its end; at
// 1M customers std::sort with id_less took 1.5 s natively in one piece (the page frozen; ~20 s at
// 10M). Memory: two index arrays (8 bytes per element), grown as they are first written so that
// their pages are met slice by slice.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace clv {

template <class Less>
class SlicedSort {
public:
    static constexpr size_t kRun = 1024;

    SlicedSort(size_t n, Less less) : n_(n), less_(std::move(less)) { a_.reserve(n); }

    // About `budget` elements of work (at least one run or one element); true once sorted.
    bool step(size_t budget) {
        budget = std::max<size_t>(budget, 1);
        if (width_ == 0) return make_runs(budget);
        return merge(budget);
    }
    bool done() const { return done_; }
    double progress() const {  // 0..1: the runs, then each merge pass, as equal shares
        if (done_) return 1.0;
        size_t passes = 1;
        for (size_t w = kRun; w < n_; w *= 2) ++passes;
        size_t pass = 0;
        for (size_t w = kRun; w < width_; w *= 2) ++pass;
        const double within = n_ ? static_cast<double>(width_ == 0 ? a_.size() : out_) / static_cast<double>(n_) : 1.0;
        return (static_cast<double>(width_ == 0 ? 0 : pass + 1) + within) / static_cast<double>(passes);
    }
    // The sorted indices, once done.
    std::vector<uint32_t> take() { return std::move(a_); }

private:
    bool make_runs(size_t budget) {
        size_t done = 0;
        while (a_.size() < n_ && (done == 0 || done < budget)) {
            const size_t begin = a_.size(), end = std::min(n_, begin + kRun);
            for (size_t i = begin; i < end; ++i) a_.push_back(static_cast<uint32_t>(i));
            std::stable_sort(a_.begin() + static_cast<std::ptrdiff_t>(begin), a_.end(), less_);
            done += end - begin;
        }
        if (a_.size() < n_) return false;
        width_ = kRun;
        start_pair(0);
        if (width_ >= n_) return finish();
        return false;
    }

    void start_pair(size_t at) {
        left_ = out_ = at;
        mid_ = right_ = std::min(n_, at + width_);
        end_ = std::min(n_, at + 2 * width_);
    }

    bool merge(size_t budget) {
        const size_t stop = std::min(n_, out_ + budget);
        if (b_.size() < stop) b_.resize(stop);  // the first pass meets b_'s pages in order
        while (out_ < stop) {
            // Stable: on equal elements the left run's comes first.
            if (left_ < mid_ && (right_ >= end_ || !less_(a_[right_], a_[left_]))) b_[out_++] = a_[left_++];
            else b_[out_++] = a_[right_++];
            if (out_ == end_ && end_ < n_) start_pair(end_);
        }
        if (out_ < n_) return false;
        a_.swap(b_);
        width_ *= 2;
        if (width_ >= n_) return finish();
        start_pair(0);
        return false;
    }

    bool finish() {
        std::vector<uint32_t>().swap(b_);
        done_ = true;
        return true;
    }

    size_t n_;
    Less less_;
    std::vector<uint32_t> a_, b_;  // the current order; the merge's target
    size_t width_ = 0;             // the sorted runs' length; 0 while the runs are being made
    size_t left_ = 0, mid_ = 0, right_ = 0, end_ = 0, out_ = 0;  // the pair being merged
    bool done_ = false;
};

}  // namespace clv
