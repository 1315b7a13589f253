//===- SimplifyCommand.cpp - `hwc simplify` --------------------------------===//
//
// Imports a model, binds --shape/--dim, folds constant subgraphs with the
// runtime's kernels, removes nodes that compute nothing at inference and
// writes the result back as an ONNX model, so users can compare it with
// onnxsim or run it anywhere.
//
//===----------------------------------------------------------------------===//

#include "compiler/export/Export.h"
#include "compiler/import/Import.h"
#include "compiler/report/Report.h"
#include "tools/hwc/Commands.h"
#include "tools/hwc/Diagnostics.h"
#include "tools/hwc/OutputFile.h"

#include "mlir/IR/MLIRContext.h"

#include <iostream>

using namespace mlir;

namespace hwc::cli {

namespace {

struct SimplifyArgs {
  std::string model;
  std::string output;
  std::vector<std::string> shapes, dims;
  int64_t foldLimitMiB = 512;
  bool allStatic = false;
};

int runSimplify(const SimplifyArgs &args) {
  MLIRContext context;
  context.printOpOnDiagnostic(false);
  DiagnosticPrinter diagnostics(context, args.model);
  OwningOpRef<ModuleOp> module = importModelFile(context, args.model);
  report::PrepareOptions prepare;
  prepare.shapes = args.shapes;
  prepare.dims = args.dims;
  prepare.foldLimitMiB = args.foldLimitMiB;
  prepare.allStatic = args.allStatic;
  if (!module || failed(report::prepareModule(*module, prepare)))
    return kExitInputError;
  std::vector<std::string> errors;
  std::optional<ExportedModel> model = exportModule(*module, errors);
  for (const std::string &error : errors)
    std::cerr << args.model << ": " << error << "\n";
  if (!model)
    return kExitInputError;
  return writeOnnxModel(args.output, *model) ? kExitSuccess : kExitInputError;
}

} // namespace

void addSimplifyCommand(CLI::App &app, std::function<int()> &run) {
  auto args = std::make_shared<SimplifyArgs>();
  CLI::App *command = app.add_subcommand(
      "simplify", "Bind shapes, fold constant subgraphs, drop no-op nodes and write the model back as ONNX");
  command->add_option("MODEL", args->model, "ONNX model file (.onnx or .onnxtxt)")
      ->required();
  command->add_option("-o,--output", args->output,
                      "Output .onnx file (written atomically)")
      ->required();
  command->add_option("--shape", args->shapes,
                      "Bind an input's shape: NAME=D0xD1x... (repeatable)");
  command->add_option("--dim", args->dims,
                      "Bind a named dimension: DIM_PARAM=SIZE (repeatable)");
  command->add_flag("--all-static", args->allStatic,
                    "Fail, listing every input dim still dynamic after --shape/--dim");
  command->add_option("--fold-limit", args->foldLimitMiB,
                      "Largest folded result in MiB (default 512); bigger ones stay nodes")
      ->check(CLI::NonNegativeNumber);
  command->footer("Exit codes: 0 written, 1 usage or input error (nothing is written).");
  command->callback([args, &run] { run = [args] { return runSimplify(*args); }; });
}

} // namespace hwc::cli
