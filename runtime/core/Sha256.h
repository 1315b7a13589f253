//===- Sha256.h - SHA-256 for artifact checksums ------------------*- C++ -*-===//
//
// The runtime verifies artifact sections without LLVM, so it carries its
// own SHA-256 (FIPS 180-4); the compiler writes checksums with the same
// function.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_RUNTIME_CORE_SHA256_H
#define HWC_RUNTIME_CORE_SHA256_H

#include <cstddef>
#include <string>

namespace hwc::rt {

/// Lowercase hex SHA-256 of `size` bytes at `data`.
std::string sha256Hex(const void *data, size_t size);
inline std::string sha256Hex(const std::string &bytes) {
  return sha256Hex(bytes.data(), bytes.size());
}

} // namespace hwc::rt

#endif // HWC_RUNTIME_CORE_SHA256_H
