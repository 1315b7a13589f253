//===- ImporterTest.cpp - Unit tests of the ONNX importer -----------------===//
//
// Builds small ModelProtos in memory, writes them to a temporary directory
// and imports them, checking both the IR and the diagnostics for malformed
// input. These tests run under AddressSanitizer and UBSan in CI.
//
//===----------------------------------------------------------------------===//

#include "compiler/import/Import.h"
#include "compiler/import/ModelLoader.h"
#include "dialects/ONNX/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace mlir;

namespace {

/// A temporary directory removed at the end of each test.
class ImporterTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> path;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("hwc-import", path));
    directory = std::string(path);
  }
  void TearDown() override {
    llvm::sys::fs::remove_directories(directory);
  }

  std::string writeFile(const std::string &name, const std::string &bytes) {
    std::string path = directory + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string writeModel(const ::onnx::ModelProto &model,
                         const std::string &name = "model.onnx") {
    return writeFile(name, model.SerializeAsString());
  }

  /// Imports `path`, collecting error messages instead of printing them.
  OwningOpRef<ModuleOp> import(const std::string &path) {
    errors.clear();
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      errors.push_back(diag.str());
      return success();
    });
    return hwc::importModelFile(context, path);
  }

  std::string directory;
  MLIRContext context;
  std::vector<std::string> errors;
};

/// The bytes of the module's only weight blob, or nullopt if it has none or
/// more than one.
std::optional<std::string> onlyWeightBytes(ModuleOp module) {
  std::vector<std::string> blobs;
  module.walk([&](hwc::onnx::ConstantOp constant) {
    if (auto resource =
            llvm::dyn_cast<DenseResourceElementsAttr>(constant.getValue())) {
      ArrayRef<char> bytes = resource.getRawHandle().getBlob()->getData();
      blobs.emplace_back(bytes.data(), bytes.size());
    }
  });
  if (blobs.size() != 1)
    return std::nullopt;
  return blobs.front();
}

/// y = Relu(x + bias) with a 4-element float bias initializer.
::onnx::ModelProto makeReluModel() {
  ::onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(17);
  ::onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("relu");
  auto *input = graph->add_input();
  input->set_name("x");
  auto *tensorType = input->mutable_type()->mutable_tensor_type();
  tensorType->set_elem_type(::onnx::TensorProto::FLOAT);
  tensorType->mutable_shape()->add_dim()->set_dim_param("batch");
  tensorType->mutable_shape()->add_dim()->set_dim_value(4);
  auto *bias = graph->add_initializer();
  bias->set_name("bias");
  bias->set_data_type(::onnx::TensorProto::FLOAT);
  bias->add_dims(4);
  float values[4] = {1, 2, 3, 4};
  bias->set_raw_data(std::string(reinterpret_cast<char *>(values), 16));
  auto *add = graph->add_node();
  add->set_name("add");
  add->set_op_type("Add");
  add->add_input("x");
  add->add_input("bias");
  add->add_output("sum");
  auto *relu = graph->add_node();
  relu->set_name("relu");
  relu->set_op_type("Relu");
  relu->add_input("sum");
  relu->add_output("y");
  graph->add_output()->set_name("y");
  return model;
}

TEST_F(ImporterTest, ImportsTypedOpsWithShapes) {
  auto module = import(writeModel(makeReluModel()));
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  auto func = *module->getOps<func::FuncOp>().begin();
  auto resultType = llvm::cast<RankedTensorType>(func.getResultTypes()[0]);
  EXPECT_TRUE(resultType.isDynamicDim(0));
  EXPECT_EQ(resultType.getDimSize(1), 4);
  auto params = func.getArgAttrOfType<ArrayAttr>(0, "onnx.dim_params");
  ASSERT_TRUE(params);
  EXPECT_EQ(llvm::cast<StringAttr>(params[0]).getValue(), "batch");
  int relus = 0;
  module->walk([&](hwc::onnx::ReluOp relu) {
    ++relus;
    EXPECT_EQ(llvm::cast<NameLoc>(relu.getLoc()).getName().getValue(), "relu");
  });
  EXPECT_EQ(relus, 1);
}

TEST_F(ImporterTest, WeightsBecomeResourceBlobsWithTheirBytes) {
  auto module = import(writeModel(makeReluModel()));
  ASSERT_TRUE(module);
  std::optional<std::string> bytes = onlyWeightBytes(*module);
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 16u);
  float third;
  std::memcpy(&third, bytes->data() + 8, 4);
  EXPECT_EQ(third, 3.0f);
}

// An empty tensor in a typed field (no raw_data) imports as an empty blob;
// under UBSan this pins that no memcpy reads the field's null storage.
TEST_F(ImporterTest, ImportsEmptyTypedInitializer) {
  ::onnx::ModelProto model = makeReluModel();
  auto *empty = model.mutable_graph()->add_initializer();
  empty->set_name("empty");
  empty->set_data_type(::onnx::TensorProto::INT64);
  empty->add_dims(0);
  auto *shape = model.mutable_graph()->add_node();
  shape->set_name("keep");
  shape->set_op_type("Identity");
  shape->add_input("empty");
  shape->add_output("empty_out");
  model.mutable_graph()->add_output()->set_name("empty_out");
  auto module = import(writeModel(model));
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  int emptyConstants = 0;
  module->walk([&](hwc::onnx::ConstantOp constant) {
    if (llvm::cast<ShapedType>(constant.getType()).getNumElements() == 0)
      ++emptyConstants;
  });
  EXPECT_EQ(emptyConstants, 1);
}

TEST_F(ImporterTest, UnknownOpsBecomeCustom) {
  ::onnx::ModelProto model = makeReluModel();
  auto *node = model.mutable_graph()->mutable_node(1);
  node->set_op_type("FancyActivation");
  node->set_domain("com.example");
  model.add_opset_import()->set_domain("com.example");
  auto module = import(writeModel(model));
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  int customs = 0;
  module->walk([&](hwc::onnx::CustomOp op) {
    ++customs;
    EXPECT_EQ(op.getOpType(), "FancyActivation");
    EXPECT_EQ(op.getDomain(), "com.example");
  });
  EXPECT_EQ(customs, 1);
}

TEST_F(ImporterTest, RejectsTruncatedProtobuf) {
  std::string bytes = makeReluModel().SerializeAsString();
  auto module = import(writeFile("cut.onnx", bytes.substr(0, bytes.size() - 7)));
  EXPECT_FALSE(module);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("truncated"), std::string::npos) << errors[0];
}

TEST_F(ImporterTest, RejectsDataSizeMismatch) {
  ::onnx::ModelProto model = makeReluModel();
  model.mutable_graph()->mutable_initializer(0)->mutable_raw_data()->resize(12);
  EXPECT_FALSE(import(writeModel(model)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("has 12 bytes of data, but its shape needs 16"),
            std::string::npos)
      << errors[0];
}

TEST_F(ImporterTest, RejectsExternalDataOutsideTheModelDirectory) {
  ::onnx::ModelProto model = makeReluModel();
  auto *bias = model.mutable_graph()->mutable_initializer(0);
  bias->clear_raw_data();
  bias->set_data_location(::onnx::TensorProto::EXTERNAL);
  auto *location = bias->add_external_data();
  location->set_key("location");
  location->set_value("../secret.bin");
  EXPECT_FALSE(import(writeModel(model)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("leaves the model's directory"), std::string::npos)
      << errors[0];
}

TEST_F(ImporterTest, ReadsExternalDataByMapping) {
  ::onnx::ModelProto model = makeReluModel();
  auto *bias = model.mutable_graph()->mutable_initializer(0);
  std::string bytes = bias->raw_data();
  bias->clear_raw_data();
  bias->set_data_location(::onnx::TensorProto::EXTERNAL);
  auto *location = bias->add_external_data();
  location->set_key("location");
  location->set_value("weights.bin");
  auto *offset = bias->add_external_data();
  offset->set_key("offset");
  offset->set_value("8");
  writeFile("weights.bin", std::string(8, '\0') + bytes);
  auto module = import(writeModel(model));
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  // The blob holds the 16 bytes after the 8-byte offset, not the padding.
  EXPECT_EQ(onlyWeightBytes(*module), bytes);
}

TEST(ElementCountTest, DetectsOverflowAndNegativeDims) {
  ::onnx::TensorProto tensor;
  tensor.add_dims(int64_t(1) << 40);
  tensor.add_dims(int64_t(1) << 40);
  EXPECT_FALSE(hwc::elementCount(tensor));
  tensor.clear_dims();
  tensor.add_dims(-1);
  EXPECT_FALSE(hwc::elementCount(tensor));
  tensor.clear_dims();
  tensor.add_dims(3);
  tensor.add_dims(0);
  EXPECT_EQ(hwc::elementCount(tensor), 0);
}

} // namespace
