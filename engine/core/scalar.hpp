#pragma once
// The one floating-point type of the engine. The default build is float (what the browser
// runs); the test suite also builds the whole engine with BNLAB_DOUBLE so that finite
// difference gradient checks are not drowned in float rounding.

namespace bnlab {

#ifdef BNLAB_DOUBLE
using Scalar = double;
#else
using Scalar = float;
#endif

}  // namespace bnlab
