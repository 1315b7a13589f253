//===- Error.h - Errors raised by the runtime -------------------*- C++ -*-===//
//
// The runtime reports bad input (models, tensors, data files) and failures
// inside kernels (integer division by zero, out-of-range indices) by throwing
// hwc::rt::Error. The interpreter adds the node name; the CLI prints the
// message as one line and exits 1. Nothing in the runtime asserts on input.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_ERROR_H
#define HWC_RUNTIME_CORE_ERROR_H

#include <sstream>
#include <stdexcept>
#include <string>

namespace hwc::rt {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string &message) : std::runtime_error(message) {}
};

/// An operator, attribute form or dtype the runtime does not implement; the
/// conformance runner reports these as UNSUPPORTED rather than FAIL.
class UnsupportedError : public Error {
public:
  explicit UnsupportedError(const std::string &message) : Error(message) {}
};

namespace detail {
inline void append(std::ostringstream &) {}
template <typename T, typename... Rest>
void append(std::ostringstream &out, const T &first, const Rest &...rest) {
  out << first;
  append(out, rest...);
}
} // namespace detail

/// Builds a message from its parts: fail("axis ", axis, " is out of range").
template <typename... Parts> [[noreturn]] void fail(const Parts &...parts) {
  std::ostringstream out;
  detail::append(out, parts...);
  throw Error(out.str());
}

template <typename... Parts>
[[noreturn]] void failUnsupported(const Parts &...parts) {
  std::ostringstream out;
  detail::append(out, parts...);
  throw UnsupportedError(out.str());
}

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_ERROR_H
