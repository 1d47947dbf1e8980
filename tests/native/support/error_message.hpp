#pragma once
// Checking what a call that must fail says: run it, catch the expected error type, return
// its message for the test to compare.

#include <exception>
#include <string>
#include <typeinfo>

#include <gtest/gtest.h>

namespace bnlab::testing {

// Runs `call` and returns the message of the `Error` it throws. Records a gtest failure and
// returns "" when it throws nothing or an exception of another type.
template <typename Error, typename Call>
std::string error_message(Call call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  } catch (const std::exception& other) {
    ADD_FAILURE() << "expected " << typeid(Error).name() << ", got another exception: "
                  << other.what();
    return "";
  }
  ADD_FAILURE() << "expected " << typeid(Error).name() << ", nothing was thrown";
  return "";
}

}  // namespace bnlab::testing
