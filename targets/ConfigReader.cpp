//===- ConfigReader.cpp - Validated reads of target config JSON ------------===//

#include "targets/ConfigReader.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace hwc::target {

namespace {

std::string describe(const llvm::json::Value &value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << value;
  if (text.size() > 40)
    text = text.substr(0, 37) + "...";
  return text;
}

std::string formatNumber(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<int64_t>(value));
  return llvm::formatv("{0:g}", value).str();
}

} // namespace

ConfigReader::ConfigReader(const llvm::json::Object &object,
                           std::vector<std::string> &errors, std::string prefix)
    : object_(&object), errors(&errors), prefix(std::move(prefix)) {}

ConfigReader::ConfigReader(ConfigReader &&other)
    : object_(other.object_), errors(other.errors), prefix(std::move(other.prefix)),
      read(std::move(other.read)) {
  other.object_ = nullptr;
}

ConfigReader::~ConfigReader() {
  if (!object_)
    return;
  std::vector<std::string> unknown;
  for (const auto &entry : *object_)
    if (!read.contains(entry.first.str()))
      unknown.push_back(entry.first.str());
  std::sort(unknown.begin(), unknown.end());
  for (const std::string &key : unknown)
    errors->push_back(path(key) + ": unknown field");
}

std::string ConfigReader::path(llvm::StringRef key) const {
  return "field '" + (prefix.empty() ? key.str() : prefix + "." + key.str()) + "'";
}

void ConfigReader::fail(llvm::StringRef key, const std::string &message) {
  errors->push_back(path(key) + ": " + message);
}

const llvm::json::Value *ConfigReader::lookup(llvm::StringRef key, bool required) {
  read.insert(key);
  const llvm::json::Value *value = object_->get(key);
  if (value && value->kind() == llvm::json::Value::Null)
    value = nullptr;
  if (!value && required)
    fail(key, "missing (required)");
  return value;
}

double ConfigReader::number(llvm::StringRef key, double min, double max) {
  const llvm::json::Value *value = lookup(key, /*required=*/true);
  if (!value)
    return min;
  std::optional<double> number = value->getAsNumber();
  if (!number || !std::isfinite(*number) || *number < min || *number > max) {
    fail(key, "expected a number in [" + formatNumber(min) + ", " + formatNumber(max) +
                  "], got " + describe(*value));
    return min;
  }
  return *number;
}

double ConfigReader::number(llvm::StringRef key, double min, double max,
                            double fallback) {
  if (!object_->get(key)) {
    read.insert(key);
    return fallback;
  }
  return number(key, min, max);
}

int64_t ConfigReader::integer(llvm::StringRef key, int64_t min, int64_t max) {
  const llvm::json::Value *value = lookup(key, /*required=*/true);
  if (!value)
    return min;
  std::optional<int64_t> number = value->getAsInteger();
  if (!number || *number < min || *number > max) {
    fail(key, llvm::formatv("expected an integer in [{0}, {1}], got {2}", min, max,
                            describe(*value))
                  .str());
    return min;
  }
  return *number;
}

int64_t ConfigReader::integer(llvm::StringRef key, int64_t min, int64_t max,
                              int64_t fallback) {
  if (!object_->get(key)) {
    read.insert(key);
    return fallback;
  }
  return integer(key, min, max);
}

bool ConfigReader::boolean(llvm::StringRef key, bool fallback) {
  const llvm::json::Value *value = lookup(key, /*required=*/false);
  if (!value)
    return fallback;
  std::optional<bool> flag = value->getAsBoolean();
  if (!flag) {
    fail(key, "expected true or false, got " + describe(*value));
    return fallback;
  }
  return *flag;
}

std::string ConfigReader::string(llvm::StringRef key) {
  const llvm::json::Value *value = lookup(key, /*required=*/true);
  if (!value)
    return "";
  std::optional<llvm::StringRef> text = value->getAsString();
  if (!text || text->empty()) {
    fail(key, "expected a non-empty string, got " + describe(*value));
    return "";
  }
  return text->str();
}

std::string ConfigReader::string(llvm::StringRef key, llvm::StringRef fallback) {
  if (!object_->get(key)) {
    read.insert(key);
    return fallback.str();
  }
  return string(key);
}

std::vector<int64_t> ConfigReader::integers(llvm::StringRef key, int64_t min,
                                            int64_t max) {
  const llvm::json::Value *value = lookup(key, /*required=*/false);
  std::vector<int64_t> result;
  if (!value)
    return result;
  const llvm::json::Array *array = value->getAsArray();
  if (!array || array->empty()) {
    fail(key, "expected a non-empty list of integers, got " + describe(*value));
    return result;
  }
  for (const llvm::json::Value &element : *array) {
    std::optional<int64_t> number = element.getAsInteger();
    if (!number || *number < min || *number > max) {
      fail(key, llvm::formatv("expected integers in [{0}, {1}], got {2}", min, max,
                              describe(element))
                    .str());
      return {};
    }
    result.push_back(*number);
  }
  return result;
}

std::optional<ConfigReader> ConfigReader::object(llvm::StringRef key, bool required) {
  const llvm::json::Value *value = lookup(key, required);
  if (!value)
    return std::nullopt;
  const llvm::json::Object *nested = value->getAsObject();
  if (!nested) {
    fail(key, "expected an object, got " + describe(*value));
    return std::nullopt;
  }
  return ConfigReader(*nested, *errors,
                      prefix.empty() ? key.str() : prefix + "." + key.str());
}

} // namespace hwc::target
