//===- ConfigReader.h - Validated reads of target config JSON -----*- C++ -*-===//
//
// Target presets and users' --target-config files are JSON objects. Each
// target reads its fields through a ConfigReader, which checks presence,
// type and range and records one error line per problem naming the field by
// its dotted path ("array.rows: expected an integer in [1, 65536], got
// -3"). Unknown fields are errors too, so a typo never silently falls back
// to a default.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_CONFIGREADER_H
#define HWC_TARGETS_CONFIGREADER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace hwc::target {

class ConfigReader {
public:
  /// Reads fields of `object`; `prefix` names the object in messages ("" for
  /// the top level). Errors are appended to `errors`.
  ConfigReader(const llvm::json::Object &object, std::vector<std::string> &errors,
               std::string prefix = "");
  /// Reports every field of the object that no read asked for.
  ~ConfigReader();

  /// A required number in [min, max].
  double number(llvm::StringRef key, double min, double max);
  /// An optional number in [min, max]; `fallback` when absent.
  double number(llvm::StringRef key, double min, double max, double fallback);
  /// A required integer in [min, max].
  int64_t integer(llvm::StringRef key, int64_t min, int64_t max);
  /// An optional integer; `fallback` when absent.
  int64_t integer(llvm::StringRef key, int64_t min, int64_t max, int64_t fallback);
  /// An optional boolean; `fallback` when absent.
  bool boolean(llvm::StringRef key, bool fallback);
  /// A required non-empty string.
  std::string string(llvm::StringRef key);
  /// An optional string; `fallback` when absent.
  std::string string(llvm::StringRef key, llvm::StringRef fallback);
  /// An optional list of integers in [min, max]; empty when absent.
  std::vector<int64_t> integers(llvm::StringRef key, int64_t min, int64_t max);
  /// A nested object, read by the returned reader (null fields when absent
  /// and not required).
  std::optional<ConfigReader> object(llvm::StringRef key, bool required);
  /// Marks `key` as known without reading it (free-form fields).
  void skip(llvm::StringRef key) { read.insert(key); }

  /// The moved-from reader no longer checks for unknown fields.
  ConfigReader(ConfigReader &&other);

private:
  const llvm::json::Value *lookup(llvm::StringRef key, bool required);
  void fail(llvm::StringRef key, const std::string &message);
  std::string path(llvm::StringRef key) const;

  const llvm::json::Object *object_;
  std::vector<std::string> *errors;
  std::string prefix;
  llvm::StringSet<> read;
};

} // namespace hwc::target

#endif // HWC_TARGETS_CONFIGREADER_H
