//===- OutputFile.cpp - Write outputs atomically --------------------------===//
//
// Temp file + rename; special files such as /dev/null are written directly
// because they cannot be replaced by a rename.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/OutputFile.h"

#include "llvm/Support/FileSystem.h"

#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <iostream>
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

namespace {

/// Lets protobuf serialize straight into the output stream, so the model's
/// bytes are not held a second time in one big string.
class RawOstreamOutput : public google::protobuf::io::CopyingOutputStream {
public:
  explicit RawOstreamOutput(llvm::raw_ostream &os) : os(os) {}
  bool Write(const void *buffer, int size) override {
    // raw_ostream reports write errors when writeAtomically closes the file.
    os.write(static_cast<const char *>(buffer), size);
    return true;
  }

private:
  llvm::raw_ostream &os;
};

/// Protobuf cannot serialize a message of 2 GiB or more.
constexpr size_t kMaxProtoBytes = (size_t(1) << 31) - 1;

} // namespace

bool writeOnnxModel(const std::string &path, hwc::ExportedModel &model) {
  if (size_t bytes = model.byteSize(); bytes > kMaxProtoBytes) {
    std::cerr << path << ": error: the model is " << bytes
              << " bytes; protobuf cannot write 2 GiB or more\n";
    return false;
  }
  return writeAtomically(path, [&](llvm::raw_ostream &os) {
    RawOstreamOutput sink(os);
    google::protobuf::io::CopyingOutputStreamAdaptor stream(&sink);
    bool serialized = model.write(stream);
    stream.Flush();
    return serialized;
  });
}

} // namespace hwc::cli
