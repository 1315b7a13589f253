//===- QuantPlan.cpp - The quantization plan and its JSON form -------------===//

#include "passes/QuantPlan.h"

#include "runtime/core/Error.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

#include <algorithm>
#include <cmath>

namespace hwc::quant {
namespace {

const char *roleName(TensorRole role) {
  switch (role) {
  case TensorRole::Activation:
    return "activation";
  case TensorRole::Weight:
    return "weight";
  case TensorRole::Bias:
    return "bias";
  }
  return "?";
}

} // namespace

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

std::string writePlanJson(const QuantPlan &plan) {
  llvm::json::Object tensors;
  for (const auto &[name, tensor] : plan.tensors) {
    const rt::TensorQuantization &params = tensor.params;
    llvm::json::Array scales, zeroPoints;
    for (float scale : params.scales)
      scales.push_back(double(scale));
    for (int64_t zeroPoint : params.zeroPoints)
      zeroPoints.push_back(zeroPoint);
    llvm::json::Object entry{{"role", roleName(tensor.role)}};
    if (params.float16) {
      entry["format"] = "float16";
    } else {
      entry["bits"] = params.bits;
      entry["signed"] = params.isSigned;
      entry["symmetric"] = tensor.symmetric;
      entry["narrow_range"] = params.narrowRange;
      entry["scales"] = std::move(scales);
      entry["zero_points"] = std::move(zeroPoints);
      if (params.scales.size() > 1 || tensor.role != TensorRole::Activation)
        entry["axis"] = params.axis;
      if (!params.offsets.empty()) {
        llvm::json::Array offsets;
        for (float offset : params.offsets)
          offsets.push_back(double(offset));
        entry["correction"] = std::move(offsets);
      }
    }
    if (tensor.range) {
      entry["range"] = llvm::json::Array{tensor.range->lo, tensor.range->hi};
      entry["method"] = tensor.range->method;
      entry["sqnr_db"] = tensor.range->sqnrDb;
    }
    if (tensor.producer)
      entry["producer"] = llvm::json::Object{{"node", tensor.producer->node},
                                             {"output", tensor.producer->output}};
    tensors[name] = std::move(entry);
  }
  llvm::json::Object layers;
  for (const auto &[name, layer] : plan.layers) {
    llvm::json::Array multipliers, shifts;
    for (const rt::FixedPointMultiplier &channel : layer.channels) {
      multipliers.push_back(int64_t(channel.multiplier));
      shifts.push_back(channel.shift);
    }
    layers[name] = llvm::json::Object{{"input", layer.input},
                                      {"weight", layer.weight},
                                      {"output", layer.output},
                                      {"multipliers", std::move(multipliers)},
                                      {"shifts", std::move(shifts)}};
  }
  llvm::json::Object root{
      {"schema_version", kPlanSchemaVersion},
      {"layers", std::move(layers)},
      {"producer", "hwc"},
      {"model_sha256", plan.modelSha256},
      {"calibration",
       llvm::json::Object{{"method", plan.method},
                          {"percentile", plan.percentile},
                          {"samples", int64_t(plan.samples)},
                          {"histogram_bins", plan.histogramBins}}},
      {"tensors", std::move(tensors)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return text;
}

namespace {

/// A problem with one field of a tensor entry.
struct FieldError {
  std::string field, message;
};

std::optional<FieldError> readProvenance(const llvm::json::Object &entry, TensorPlan &tensor);

/// Reads one tensor entry; returns its first problem, if any.
std::optional<FieldError> readTensor(const llvm::json::Object &entry, TensorPlan &tensor) {
  static const char *const kFields[] = {"role",   "format",      "bits",   "signed",
                                        "symmetric", "narrow_range", "scales", "zero_points",
                                        "axis",   "range",       "method", "sqnr_db",
                                        "producer", "correction"};
  for (const auto &field : entry)
    if (std::find(std::begin(kFields), std::end(kFields), field.first.str()) ==
        std::end(kFields))
      return FieldError{field.first.str(), "unknown field"};
  std::optional<llvm::StringRef> role = entry.getString("role");
  if (!role || (*role != "activation" && *role != "weight" && *role != "bias"))
    return FieldError{"role", "expected \"activation\", \"weight\" or \"bias\""};
  tensor.role = *role == "weight"  ? TensorRole::Weight
                : *role == "bias" ? TensorRole::Bias
                                  : TensorRole::Activation;
  std::optional<llvm::StringRef> format = entry.getString("format");
  if (format && *format != "int" && *format != "float16")
    return FieldError{"format", "expected \"int\" or \"float16\""};
  if (format && *format == "float16") {
    tensor.params.float16 = true;
    tensor.params.bits = 16;
    return readProvenance(entry, tensor);
  }
  std::optional<int64_t> bits = entry.getInteger("bits");
  if (!bits || *bits < 2 || *bits > 32)
    return FieldError{"bits", "expected an integer in [2, 32]"};
  tensor.params.bits = int(*bits);
  tensor.params.isSigned = entry.getBoolean("signed").value_or(true);
  tensor.symmetric = entry.getBoolean("symmetric").value_or(false);
  tensor.params.narrowRange = entry.getBoolean("narrow_range").value_or(false);
  tensor.params.axis = entry.getInteger("axis").value_or(1);
  const llvm::json::Array *scales = entry.getArray("scales");
  const llvm::json::Array *zeroPoints = entry.getArray("zero_points");
  FieldError badScales{"scales", "expected a non-empty array of positive numbers"};
  if (!scales || scales->empty())
    return badScales;
  for (const llvm::json::Value &scale : *scales) {
    std::optional<double> value = scale.getAsNumber();
    if (!value || !(*value > 0) || !std::isfinite(*value))
      return badScales;
    tensor.params.scales.push_back(float(*value));
  }
  if (!zeroPoints || zeroPoints->size() != scales->size())
    return FieldError{"zero_points", "expected as many integers as 'scales' has values"};
  for (const llvm::json::Value &zeroPoint : *zeroPoints) {
    std::optional<int64_t> value = zeroPoint.getAsInteger();
    if (!value || *value < tensor.params.minLevel() || *value > tensor.params.maxLevel())
      return FieldError{"zero_points", "expected integers in [" +
                                           std::to_string(tensor.params.minLevel()) + ", " +
                                           std::to_string(tensor.params.maxLevel()) + "]"};
    tensor.params.zeroPoints.push_back(*value);
  }
  if (const llvm::json::Array *offsets = entry.getArray("correction")) {
    FieldError badOffsets{"correction", "expected as many finite numbers as 'scales' has values"};
    if (offsets->size() != scales->size())
      return badOffsets;
    for (const llvm::json::Value &offset : *offsets) {
      std::optional<double> value = offset.getAsNumber();
      if (!value || !std::isfinite(*value))
        return badOffsets;
      tensor.params.offsets.push_back(float(*value));
    }
  }
  return readProvenance(entry, tensor);
}

/// The optional calibration range and producing node of a tensor entry.
std::optional<FieldError> readProvenance(const llvm::json::Object &entry, TensorPlan &tensor) {
  if (const llvm::json::Array *range = entry.getArray("range")) {
    std::optional<double> lo, hi;
    if (range->size() == 2) {
      lo = (*range)[0].getAsNumber();
      hi = (*range)[1].getAsNumber();
    }
    if (!lo || !hi || *lo > *hi)
      return FieldError{"range", "expected [lo, hi] with lo <= hi"};
    tensor.range = ActivationRange{*lo, *hi, entry.getString("method").value_or("").str(),
                                   entry.getNumber("sqnr_db").value_or(0.0)};
  }
  if (const llvm::json::Value *producer = entry.get("producer")) {
    const llvm::json::Object *object = producer->getAsObject();
    std::optional<llvm::StringRef> node = object ? object->getString("node") : std::nullopt;
    std::optional<int64_t> output = object ? object->getInteger("output") : std::nullopt;
    if (!node || !output || *output < 0)
      return FieldError{"producer", "expected {\"node\": NAME, \"output\": INDEX >= 0}"};
    tensor.producer = Producer{node->str(), *output};
  }
  return std::nullopt;
}

} // namespace

std::optional<QuantPlan> readPlanJson(const std::string &text, std::string &error) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed) {
    error = "not JSON: " + llvm::toString(parsed.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *root = parsed->getAsObject();
  if (!root) {
    error = "expected a JSON object";
    return std::nullopt;
  }
  std::optional<int64_t> version = root->getInteger("schema_version");
  if (!version || *version != kPlanSchemaVersion) {
    error = "field 'schema_version': expected " + std::to_string(kPlanSchemaVersion);
    return std::nullopt;
  }
  QuantPlan plan;
  plan.modelSha256 = root->getString("model_sha256").value_or("").str();
  const llvm::json::Object *tensors = root->getObject("tensors");
  if (!tensors) {
    error = "field 'tensors': expected an object of tensor names";
    return std::nullopt;
  }
  for (const auto &[name, value] : *tensors) {
    const llvm::json::Object *entry = value.getAsObject();
    if (!entry) {
      error = "field 'tensors." + name.str() + "': expected an object";
      return std::nullopt;
    }
    TensorPlan tensor;
    if (std::optional<FieldError> problem = readTensor(*entry, tensor)) {
      error = "field 'tensors." + name.str() + "." + problem->field + "': " + problem->message;
      return std::nullopt;
    }
    if (!tensor.params.offsets.empty())
      plan.biasCorrections[name.str()] = tensor.params.offsets;
    plan.tensors[name.str()] = std::move(tensor);
  }
  return plan;
}

rt::QuantizationPlan toRuntimePlan(const QuantPlan &plan) {
  rt::QuantizationPlan runtimePlan;
  for (const auto &[name, tensor] : plan.tensors)
    runtimePlan.tensors[name] = tensor.params;
  return runtimePlan;
}

std::string fileSha256(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    rt::fail(path, ": cannot read the file: ", buffer.getError().message());
  llvm::SHA256 hasher;
  hasher.update(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  std::array<uint8_t, 32> digest = hasher.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

} // namespace hwc::quant
