//===- Diagnostics.cpp - One-line diagnostics for the hwc driver ----------===//
//
// Formats each diagnostic on one line: newlines in messages become "; " so
// a log line never splits. Notes follow their error on their own lines.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace hwc::cli {

namespace {

/// The ONNX node a location names, if any.
std::string nodeName(Location loc) {
  if (auto name = llvm::dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = llvm::dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string name = nodeName(inner); !name.empty())
        return name;
  return "";
}

std::string fileName(Location loc, const std::string &fallback) {
  if (auto file = llvm::dyn_cast<FileLineColLoc>(loc))
    return file.getFilename().str();
  if (auto name = llvm::dyn_cast<NameLoc>(loc))
    return fileName(name.getChildLoc(), fallback);
  return fallback;
}

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error: return "error";
  case DiagnosticSeverity::Warning: return "warning";
  case DiagnosticSeverity::Note: return "note";
  case DiagnosticSeverity::Remark: return "remark";
  }
  return "error";
}

std::string oneLine(std::string text) {
  for (size_t at = text.find('\n'); at != std::string::npos;
       at = text.find('\n', at))
    text.replace(at, 1, "; ");
  return text;
}

void printDiagnostic(Diagnostic &diag, const std::string &inputPath) {
  Location loc = diag.getLocation();
  std::string node = nodeName(loc);
  llvm::errs() << fileName(loc, inputPath) << ": "
               << severityName(diag.getSeverity()) << ": ";
  if (!node.empty())
    llvm::errs() << "node '" << node << "': ";
  llvm::errs() << oneLine(diag.str()) << "\n";
}

} // namespace

DiagnosticPrinter::DiagnosticPrinter(MLIRContext &context, std::string path)
    : context(context), inputPath(std::move(path)) {
  handlerId = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++errors;
    printDiagnostic(diag, inputPath);
    for (Diagnostic &note : diag.getNotes())
      printDiagnostic(note, inputPath);
  });
}

DiagnosticPrinter::~DiagnosticPrinter() {
  context.getDiagEngine().eraseHandler(handlerId);
}

} // namespace hwc::cli
