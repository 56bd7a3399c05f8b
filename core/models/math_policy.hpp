// The Boost.Math error policy every model uses: domain, overflow, evaluation and pole errors come
// back as NaN/inf (the fitter turns them into a diagnosis) instead of exceptions, and double
// arguments are not promoted to long double, which wasm emulates in software (20-60x slower).
#pragma once
#include <boost/math/policies/policy.hpp>

namespace clv::models {

using MathPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;

}  // namespace clv::models
