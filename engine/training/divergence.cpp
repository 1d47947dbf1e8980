// The divergence record's names and its English message (records.hpp).
#include <cmath>
#include <sstream>

#include "training/records.hpp"

namespace bnlab {

const char* divergence_cause_name(DivergenceCause cause) {
  switch (cause) {
    case DivergenceCause::loss_not_finite: return "loss_not_finite";
    case DivergenceCause::buffer_not_finite: return "buffer_not_finite";
    case DivergenceCause::gradient_not_finite: return "gradient_not_finite";
    case DivergenceCause::parameter_not_finite: return "parameter_not_finite";
  }
  return "loss_not_finite";
}

std::string Divergence::message() const {
  std::ostringstream text;
  text << "diverged at step " << step << ": ";
  switch (cause) {
    case DivergenceCause::loss_not_finite: text << "loss"; break;
    case DivergenceCause::buffer_not_finite: text << tensor; break;
    case DivergenceCause::gradient_not_finite: text << "the gradient of " << tensor; break;
    case DivergenceCause::parameter_not_finite: text << tensor; break;
  }
  text << " became " << (not_a_number ? "NaN" : "infinite");
  if (step > 1 && std::isfinite(last_loss)) {
    text << " (last recorded loss " << last_loss << " at step " << step - 1 << ")";
  }
  return text.str();
}

}  // namespace bnlab
