//===- OutputFile.h - Write outputs atomically ------------------*- C++ -*-===//
//
// Every file hwc writes goes to a temporary file in the same directory and
// is renamed into place only when complete, so a failed run never leaves a
// partial output behind.
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TOOLS_HWC_OUTPUTFILE_H
#define HWC_TOOLS_HWC_OUTPUTFILE_H

#include "compiler/export/Export.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace hwc::cli {

/// Calls `write` with a stream for `path` ("-" is stdout). Returns false and
/// prints one error line if the file cannot be written; on any failure the
/// destination is left untouched.
bool writeAtomically(const std::string &path,
                     llvm::function_ref<bool(llvm::raw_ostream &)> write);

/// Writes an exported model to `path` atomically, streaming the weights;
/// false after one error line (also for models of 2 GiB or more, which
/// protobuf cannot write).
bool writeOnnxModel(const std::string &path, hwc::ExportedModel &model);

} // namespace hwc::cli

#endif // HWC_TOOLS_HWC_OUTPUTFILE_H
