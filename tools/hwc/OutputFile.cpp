//===- OutputFile.cpp - Write outputs atomically --------------------------===//
//
// Temp file + rename; special files such as /dev/null are written directly
// because they cannot be replaced by a rename.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/OutputFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace hwc::cli {

bool writeAtomically(const std::string &path,
                     llvm::function_ref<bool(llvm::raw_ostream &)> write) {
  if (path == "-") {
    bool ok = write(llvm::outs());
    llvm::outs().flush();
    return ok;
  }
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file &&
      status.type() != llvm::sys::fs::file_type::file_not_found) {
    std::error_code error;
    llvm::raw_fd_ostream os(path, error);
    if (error) {
      llvm::errs() << path << ": error: cannot write: " << error.message() << "\n";
      return false;
    }
    return write(os);
  }
  llvm::SmallString<256> temp;
  int fd = -1;
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  if (std::error_code error = llvm::sys::fs::createUniqueFile(model, fd, temp)) {
    llvm::errs() << path << ": error: cannot create output file: "
                 << error.message() << "\n";
    return false;
  }
  bool ok;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    ok = write(os);
    os.flush();
    if (os.has_error()) {
      llvm::errs() << path << ": error: write failed: " << os.error().message()
                   << "\n";
      os.clear_error();
      ok = false;
    }
  }
  if (ok) {
    if (std::error_code error = llvm::sys::fs::rename(temp, path)) {
      llvm::errs() << path << ": error: cannot rename output into place: "
                   << error.message() << "\n";
      ok = false;
    }
  }
  if (!ok)
    llvm::sys::fs::remove(temp);
  return ok;
}

} // namespace hwc::cli
