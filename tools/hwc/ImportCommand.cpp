//===- ImportCommand.cpp - `hwc import` -----------------------------------===//
//
// Imports an ONNX model into the onnx dialect and prints it (weights elided
// unless --print-weights), or prints a JSON summary of what was imported
// (--summary): node counts per op, custom ops, inputs and outputs.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/Import.h"
#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/Diagnostics.h"
#include "tools/hwc/OutputFile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/JSON.h"

#include <map>

using namespace mlir;

namespace hwc::cli {

namespace {

struct ImportArgs {
  std::string model;
  std::string output = "-";
  bool printWeights = false;
  bool locations = false;
  bool summary = false;
  bool noChecker = false;
};

llvm::json::Array describeValues(ArrayRef<Type> types,
                                 function_ref<Attribute(unsigned)> nameOf) {
  llvm::json::Array values;
  for (auto [index, type] : llvm::enumerate(types)) {
    std::string typeText;
    llvm::raw_string_ostream os(typeText);
    os << type;
    llvm::json::Array dims;
    if (auto ranked = llvm::dyn_cast<RankedTensorType>(type))
      for (int64_t dim : ranked.getShape())
        dims.push_back(ShapedType::isDynamic(dim) ? -1 : dim);
    auto name = llvm::dyn_cast_or_null<StringAttr>(nameOf(index));
    values.push_back(llvm::json::Object{
        {"name", name ? name.str() : ""},
        {"type", os.str()},
        {"dims", llvm::isa<RankedTensorType>(type) ? llvm::json::Value(std::move(dims))
                                                   : llvm::json::Value(nullptr)}});
  }
  return values;
}

void writeSummary(ModuleOp module, const std::string &path,
                  llvm::raw_ostream &os) {
  std::map<std::string, int64_t> nodesByOp, customOps;
  int64_t nodes = 0;
  module.walk([&](Operation *op) {
    if (!onnx::isModelNode(op))
      return;
    ++nodes;
    ++nodesByOp[onnx::opTypeOf(op)];
    if (auto custom = llvm::dyn_cast<onnx::CustomOp>(op))
      ++customOps[(custom.getDomain().empty() ? "" : custom.getDomain().str() + ".") +
                  custom.getOpType().str()];
  });
  auto func = *module.getOps<func::FuncOp>().begin();
  llvm::json::Object hist, custom;
  for (auto &[op, count] : nodesByOp)
    hist[op] = count;
  for (auto &[op, count] : customOps)
    custom[op] = count;
  llvm::json::Object summary{
      {"file", path},
      {"nodes", nodes},
      {"op_hist", std::move(hist)},
      {"custom_ops", std::move(custom)},
      {"inputs", describeValues(func.getArgumentTypes(), [&](unsigned i) {
         return func.getArgAttr(i, "onnx.name");
       })},
      {"outputs", describeValues(func.getResultTypes(), [&](unsigned i) {
         return func.getResultAttr(i, "onnx.name");
       })},
  };
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(summary))) << "\n";
}

int runImport(const ImportArgs &args) {
  MLIRContext context;
  // One line per problem: the node is named, the op need not be printed.
  context.printOpOnDiagnostic(false);
  DiagnosticPrinter diagnostics(context, args.model);
  ImportOptions options;
  options.runChecker = !args.noChecker;
  OwningOpRef<ModuleOp> module = importModelFile(context, args.model, options);
  if (!module)
    return kExitInputError;
  bool written = writeAtomically(args.output, [&](llvm::raw_ostream &os) {
    if (args.summary) {
      writeSummary(*module, args.model, os);
      return true;
    }
    OpPrintingFlags flags;
    // Without weights, skip the dialect_resources section entirely: MLIR's
    // own elision (elideLargeResourceString) hex-encodes every blob before
    // dropping it, which costs more than the whole import.
    if (!args.printWeights)
      flags.useLocalScope();
    // Node and initializer names are locations: keep them when the text is
    // fed to hwc-opt passes that look tensors up by name (hwc-quantize).
    if (args.locations)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    module->print(os, flags);
    // Printing without the resource section ends without a newline.
    if (!args.printWeights)
      os << "\n";
    return true;
  });
  return written ? kExitSuccess : kExitInputError;
}

} // namespace

void addImportCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App *command = app.add_subcommand(
      "import", "Import an ONNX model (.onnx or .onnxtxt) into the onnx "
                "dialect and print it");
  command->add_option("MODEL", args->model, "ONNX model file")->required();
  command->add_option("-o,--output", args->output,
                      "Output file ('-' for stdout; written atomically)");
  command->add_flag("--print-weights", args->printWeights,
                    "Print weight blobs in the output (elided by default)");
  command->add_flag("--locations", args->locations,
                    "Print locations (ONNX node and initializer names), so the text "
                    "keeps them through hwc-opt");
  command->add_flag("--summary", args->summary,
                    "Print a JSON summary (node counts, custom ops, inputs, "
                    "outputs) instead of IR");
  command->add_flag("--no-checker", args->noChecker,
                    "Skip libonnx's per-node checker");
  command->footer("Exit codes: 0 imported, 1 usage or input error (one line "
                  "per problem on stderr; no output file is written).");
  command->callback([args, &run] { run = [args] { return runImport(*args); }; });
}

} // namespace hwc::cli
