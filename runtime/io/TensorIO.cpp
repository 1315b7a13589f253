//===- TensorIO.cpp - Read and write tensors as .pb and .npy --------------===//
//
// TensorProto conversion (raw_data, the typed repeated fields and external
// data), and the NumPy .npy format (header dict parsed by hand: descr,
// fortran_order, shape).
//
//===----------------------------------------------------------------------===//

#include "runtime/io/TensorIO.h"
#include "runtime/core/Dispatch.h"
#include "runtime/core/Error.h"

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace hwc::rt {

std::string readWholeFile(const std::string &path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    fail(path, ": is a directory, expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, ": cannot open file");
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad())
    fail(path, ": read error");
  return contents.str();
}

void writeFileAtomically(const std::string &path, const std::string &contents) {
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
      fail(path, ": cannot write file");
    out.write(contents.data(), std::streamsize(contents.size()));
    out.flush();
    if (!out) {
      out.close();
      std::remove(temp.c_str());
      fail(path, ": write error");
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    std::remove(temp.c_str());
    fail(path, ": cannot write file: ", ec.message());
  }
}

//===----------------------------------------------------------------------===//
// TensorProto
//===----------------------------------------------------------------------===//

namespace {

Shape protoShape(const ::onnx::TensorProto &proto) {
  Shape shape(proto.dims().begin(), proto.dims().end());
  for (int64_t d : shape)
    if (d < 0)
      fail("tensor '", proto.name(), "' has negative dimension ", d);
  return shape;
}

/// The bytes of a tensor stored in an external file next to the model.
std::string readExternalData(const ::onnx::TensorProto &proto,
                             const std::string &modelDirectory) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto &entry : proto.external_data()) {
    try {
      if (entry.key() == "location")
        location = entry.value();
      else if (entry.key() == "offset")
        offset = std::stoll(entry.value());
      else if (entry.key() == "length")
        length = std::stoll(entry.value());
    } catch (const std::exception &) {
      fail("tensor '", proto.name(), "' has an invalid external-data ",
           entry.key(), " '", entry.value(), "'");
    }
  }
  std::string what = "tensor '" + proto.name() + "'";
  if (location.empty())
    fail(what, " has external data without a location");
  fs::path relative(location);
  if (relative.is_absolute())
    fail(what, ": external data location '", location,
         "' is an absolute path; it must be relative to the model's directory");
  for (const fs::path &part : relative)
    if (part == "..")
      fail(what, ": external data location '", location,
           "' leaves the model's directory ('..')");
  std::error_code ec;
  fs::path directory = fs::canonical(modelDirectory.empty() ? "." : modelDirectory, ec);
  fs::path file = fs::canonical(directory / relative, ec);
  if (ec)
    fail(what, ": external data file '", location,
         "' not found in the model's directory");
  std::string prefix = directory.string() + "/";
  if (file.string().compare(0, prefix.size(), prefix) != 0)
    fail(what, ": external data file '", location, "' resolves to '",
         file.string(), "', outside the model's directory");
  int64_t fileSize = int64_t(fs::file_size(file, ec));
  if (ec || offset < 0 || offset > fileSize)
    fail(what, ": external data offset ", offset, " lies past the end of '",
         location, "' (", fileSize, " bytes)");
  if (length < 0)
    length = fileSize - offset;
  if (length > fileSize - offset)
    fail(what, ": external data [", offset, ", ", offset + length,
         ") lies past the end of '", location, "' (", fileSize, " bytes)");
  std::ifstream in(file, std::ios::binary);
  std::string bytes(static_cast<size_t>(length), '\0');
  in.seekg(offset);
  in.read(bytes.data(), length);
  if (!in)
    fail(what, ": cannot read external data from '", location, "'");
  return bytes;
}

void checkCount(const ::onnx::TensorProto &proto, int64_t have, int64_t want,
                const char *field) {
  if (have != want)
    fail("tensor '", proto.name(), "' has ", have, " values in ", field,
         " but its shape ", formatShape(protoShape(proto)), " needs ", want);
}

template <typename T, typename Field>
void copyTypedField(const ::onnx::TensorProto &proto, const Field &field,
                    const char *fieldName, Tensor &tensor) {
  checkCount(proto, field.size(), tensor.numElements(), fieldName);
  T *out = tensor.data<T>();
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>)
      out[i].bits = uint16_t(field.Get(int(i)));
    else
      out[i] = static_cast<T>(field.Get(int(i)));
  }
}

/// Bytes of `count` elements of `type` in a file (sub-byte types packed).
size_t packedSize(DType type, int64_t count) {
  return (size_t(count) * size_t(dtypeBits(type)) + 7) / 8;
}

/// Unpacks sub-byte elements (low bits first) into one byte each,
/// sign-extending signed integers.
void unpackSubByte(const uint8_t *packed, DType type, int64_t count,
                   int8_t *out) {
  int bits = dtypeBits(type);
  int mask = (1 << bits) - 1;
  bool signExtend = isSignedInteger(type);
  for (int64_t i = 0; i < count; ++i) {
    int64_t bit = i * bits;
    int v = (packed[bit / 8] >> (bit % 8)) & mask;
    if (signExtend && v >= (1 << (bits - 1)))
      v -= 1 << bits;
    out[i] = int8_t(v);
  }
}

std::string packSubByte(const Tensor &tensor) {
  int bits = dtypeBits(tensor.dtype());
  std::string packed(packedSize(tensor.dtype(), tensor.numElements()), '\0');
  const uint8_t *src = tensor.data<uint8_t>();
  for (int64_t i = 0; i < tensor.numElements(); ++i) {
    int64_t bit = i * bits;
    packed[size_t(bit / 8)] = char(uint8_t(packed[size_t(bit / 8)]) |
                                   ((src[i] & ((1 << bits) - 1)) << (bit % 8)));
  }
  return packed;
}

} // namespace

Tensor tensorFromProto(const ::onnx::TensorProto &proto,
                       const std::string &modelDirectory,
                       std::shared_ptr<const void> owner) {
  int dataType = proto.data_type();
  if (!isSupportedDType(dataType))
    failUnsupported("tensor '", proto.name(), "' has dtype ",
                    onnxDataTypeName(dataType),
                    ", which the runtime does not support");
  DType type = static_cast<DType>(dataType);
  Shape shape = protoShape(proto);
  int64_t count = elementCount(shape);
  size_t bytes = packedSize(type, count);
  bool subByte = dtypeBits(type) < 8;

  if (proto.data_location() == ::onnx::TensorProto::EXTERNAL) {
    std::string data = readExternalData(proto, modelDirectory);
    if (data.size() != bytes)
      fail("tensor '", proto.name(), "' has ", data.size(),
           " bytes of external data but its shape ", formatShape(shape),
           " needs ", bytes);
    Tensor tensor(type, shape);
    if (subByte)
      unpackSubByte(reinterpret_cast<const uint8_t *>(data.data()), type,
                    count, tensor.data<int8_t>());
    else
      std::memcpy(tensor.rawData(), data.data(), bytes);
    return tensor;
  }
  if (proto.has_raw_data() && subByte) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != bytes)
      fail("tensor '", proto.name(), "' has ", raw.size(),
           " bytes of raw data but its shape ", formatShape(shape), " (",
           dtypeName(type), ", packed) needs ", bytes);
    Tensor tensor(type, shape);
    unpackSubByte(reinterpret_cast<const uint8_t *>(raw.data()), type, count,
                  tensor.data<int8_t>());
    return tensor;
  }
  if (subByte) {
    // int32_data holds one packed byte per entry.
    if (size_t(proto.int32_data_size()) != bytes)
      fail("tensor '", proto.name(), "' has ", proto.int32_data_size(),
           " values in int32_data but its shape ", formatShape(shape),
           " needs ", bytes, " packed bytes");
    std::vector<uint8_t> packed(proto.int32_data().begin(),
                                proto.int32_data().end());
    Tensor tensor(type, shape);
    unpackSubByte(packed.data(), type, count, tensor.data<int8_t>());
    return tensor;
  }
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != bytes)
      fail("tensor '", proto.name(), "' has ", raw.size(),
           " bytes of raw data but its shape ", formatShape(shape), " (",
           dtypeName(type), ") needs ", bytes);
    bool aligned = reinterpret_cast<uintptr_t>(raw.data()) %
                       std::max<size_t>(dtypeSize(type), 1) == 0;
    if (owner && aligned && bytes > 0)
      return Tensor(type, shape, contiguousStrides(shape),
                    Buffer::borrow(const_cast<char *>(raw.data()), bytes,
                                   std::move(owner)));
    Tensor tensor(type, shape);
    if (bytes)
      std::memcpy(tensor.rawData(), raw.data(), bytes);
    return tensor;
  }
  Tensor tensor(type, shape);
  switch (type) {
  case DType::Float32:
    copyTypedField<float>(proto, proto.float_data(), "float_data", tensor);
    break;
  case DType::Float64:
    copyTypedField<double>(proto, proto.double_data(), "double_data", tensor);
    break;
  case DType::Int64:
    copyTypedField<int64_t>(proto, proto.int64_data(), "int64_data", tensor);
    break;
  case DType::UInt32:
    copyTypedField<uint32_t>(proto, proto.uint64_data(), "uint64_data", tensor);
    break;
  case DType::UInt64:
    copyTypedField<uint64_t>(proto, proto.uint64_data(), "uint64_data", tensor);
    break;
  default:
    visitAny(type, [&](auto tag) {
      using T = decltype(tag);
      if constexpr (IsMiniFloat<T>::value)
        copyTypedField<uint8_t>(proto, proto.int32_data(), "int32_data", tensor);
      else if constexpr (!IsSmallInt<T>::value)
        copyTypedField<T>(proto, proto.int32_data(), "int32_data", tensor);
    });
  }
  return tensor;
}

void tensorToProto(const Tensor &tensor, const std::string &name,
                   ::onnx::TensorProto &proto) {
  Tensor packed = tensor.contiguous();
  proto.Clear();
  proto.set_name(name);
  proto.set_data_type(int(packed.dtype()));
  for (int64_t d : packed.shape())
    proto.add_dims(d);
  if (dtypeBits(packed.dtype()) < 8)
    proto.set_raw_data(packSubByte(packed));
  else
    proto.set_raw_data(std::string(static_cast<const char *>(packed.rawData()),
                                   packed.byteSize()));
}

Tensor readTensorProtoFile(const std::string &path, std::string *name) {
  auto proto = std::make_shared<::onnx::TensorProto>();
  std::string bytes = readWholeFile(path);
  if (!proto->ParseFromString(bytes))
    fail(path, ": not a TensorProto file (truncated or not protobuf)");
  if (name)
    *name = proto->name();
  try {
    return tensorFromProto(*proto, fs::path(path).parent_path().string(),
                           proto);
  } catch (const UnsupportedError &e) {
    failUnsupported(path, ": ", e.what());
  } catch (const Error &e) {
    fail(path, ": ", e.what());
  }
}

void writeTensorProtoFile(const std::string &path, const Tensor &tensor,
                          const std::string &name) {
  ::onnx::TensorProto proto;
  tensorToProto(tensor, name, proto);
  writeFileAtomically(path, proto.SerializeAsString());
}

//===----------------------------------------------------------------------===//
// NumPy .npy
//===----------------------------------------------------------------------===//

namespace {

const char kNpyMagic[] = "\x93NUMPY";

struct NpyDescr {
  const char *code;
  DType type;
};
const NpyDescr kNpyDescrs[] = {
    {"f4", DType::Float32}, {"f8", DType::Float64}, {"f2", DType::Float16},
    {"i1", DType::Int8},    {"u1", DType::UInt8},   {"i2", DType::Int16},
    {"u2", DType::UInt16},  {"i4", DType::Int32},   {"u4", DType::UInt32},
    {"i8", DType::Int64},   {"u8", DType::UInt64},  {"b1", DType::Bool},
};

/// The value of `key` in the header dict, up to the next ',' or '}' outside
/// parentheses.
std::string headerField(const std::string &header, const std::string &key,
                        const std::string &path) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    fail(path, ": .npy header has no '", key, "' field");
  size_t colon = header.find(':', at);
  if (colon == std::string::npos)
    fail(path, ": malformed .npy header");
  size_t begin = colon + 1, end = begin;
  int depth = 0;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '}') && depth == 0)
      break;
  }
  std::string value = header.substr(begin, end - begin);
  size_t first = value.find_first_not_of(" '\"");
  size_t last = value.find_last_not_of(" '\"");
  return first == std::string::npos ? "" : value.substr(first, last - first + 1);
}

DType npyDType(const std::string &descr, const std::string &path) {
  if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '|' || descr[0] == '=')) {
    for (const NpyDescr &d : kNpyDescrs)
      if (descr.compare(1, 2, d.code) == 0)
        return d.type;
  }
  if (!descr.empty() && descr[0] == '>')
    fail(path, ": big-endian .npy arrays ('", descr, "') are not supported");
  fail(path, ": .npy dtype '", descr, "' is not supported");
}

Shape npyShape(const std::string &text, const std::string &path) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')')
    fail(path, ": malformed .npy shape '", text, "'");
  Shape shape;
  std::stringstream in(text.substr(1, text.size() - 2));
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t first = item.find_first_not_of(' ');
    if (first == std::string::npos)
      continue;
    try {
      size_t used = 0;
      long long d = std::stoll(item.substr(first), &used);
      if (d < 0)
        throw std::invalid_argument("negative");
      shape.push_back(d);
    } catch (const std::exception &) {
      fail(path, ": malformed .npy shape '", text, "'");
    }
  }
  return shape;
}

} // namespace

Tensor readNpyFile(const std::string &path) {
  std::string bytes = readWholeFile(path);
  if (bytes.size() < 10 || bytes.compare(0, 6, kNpyMagic, 6) != 0)
    fail(path, ": not a .npy file (bad magic)");
  unsigned major = uint8_t(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = uint8_t(bytes[8]) | (static_cast<size_t>(uint8_t(bytes[9])) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      fail(path, ": truncated .npy header");
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= size_t(uint8_t(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    fail(path, ": unsupported .npy version ", major);
  }
  if (headerStart + headerLength > bytes.size())
    fail(path, ": truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLength);
  DType type = npyDType(headerField(header, "descr", path), path);
  if (headerField(header, "fortran_order", path) != "False")
    fail(path, ": Fortran-ordered .npy arrays are not supported; save with "
               "numpy.ascontiguousarray");
  Shape shape = npyShape(headerField(header, "shape", path), path);
  Tensor tensor(type, shape);
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart != tensor.byteSize())
    fail(path, ": .npy data has ", bytes.size() - dataStart,
         " bytes but shape ", formatShape(shape), " (", dtypeName(type),
         ") needs ", tensor.byteSize(),
         bytes.size() - dataStart < tensor.byteSize() ? " (truncated)" : "");
  std::memcpy(tensor.rawData(), bytes.data() + dataStart, tensor.byteSize());
  return tensor;
}

void writeNpyFile(const std::string &path, const Tensor &tensor) {
  Tensor packed = tensor.contiguous();
  std::string descr;
  for (const NpyDescr &d : kNpyDescrs)
    if (d.type == packed.dtype())
      descr = std::string(dtypeSize(d.type) == 1 ? "|" : "<") + d.code;
  if (descr.empty())
    fail(path, ": dtype ", dtypeName(packed.dtype()),
         " cannot be written as .npy");
  std::string shape = "(";
  for (int64_t d : packed.shape())
    shape += std::to_string(d) + ", ";
  if (packed.rank() > 1)
    shape.erase(shape.size() - 2);
  else if (packed.rank() == 1)
    shape.erase(shape.size() - 1);
  shape += ")";
  std::string header = "{'descr': '" + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out(kNpyMagic, 6);
  out += '\x01';
  out += '\x00';
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  out += header;
  out.append(static_cast<const char *>(packed.rawData()), packed.byteSize());
  writeFileAtomically(path, out);
}

Tensor readTensorFile(const std::string &path, std::string *name) {
  if (fs::path(path).extension() == ".npy")
    return readNpyFile(path);
  return readTensorProtoFile(path, name);
}

} // namespace hwc::rt
