//===- ShapeInferenceTest.cpp - Unit tests of onnx shape inference --------===//
//
// Parses small functions and checks what hwc::onnx::refineResultTypes
// derives, including from constant operands (Reshape shapes, Slice bounds).
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/ONNX/ONNXTypeUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

class ShapeInferenceTest : public ::testing::Test {
protected:
  ShapeInferenceTest() {
    context.loadDialect<hwc::onnx::ONNXDialect, func::FuncDialect>();
  }

  /// Parses `body` as @f, refines every op, returns the last op's type.
  std::string refinedType(const std::string &signature, const std::string &body) {
    std::string text = "func.func @f" + signature + " {\n" + body + "\n}";
    module = parseSourceString<ModuleOp>(text, &context);
    if (!module)
      return "<parse error>";
    Operation *last = nullptr;
    module->walk([&](Operation *op) {
      if (llvm::isa<hwc::onnx::ONNXDialect>(op->getDialect())) {
        hwc::onnx::refineResultTypes(op);
        last = op;
      }
    });
    std::string printed;
    llvm::raw_string_ostream os(printed);
    os << last->getResult(0).getType();
    return os.str();
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(ShapeInferenceTest, ConvWithPadsAndStrides) {
  EXPECT_EQ(refinedType("(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) "
                        "-> tensor<*xf32>",
                        "%n = onnx.none\n"
                        "%y = onnx.Conv %x, %w, %n {pads = [3, 3, 3, 3], "
                        "strides = [2, 2]} : (tensor<1x3x224x224xf32>, "
                        "tensor<64x3x7x7xf32>, none) -> tensor<*xf32>\n"
                        "return %y : tensor<*xf32>"),
            "tensor<1x64x112x112xf32>");
}

TEST_F(ShapeInferenceTest, ReshapeReadsConstantShape) {
  EXPECT_EQ(refinedType("(%x: tensor<2x3x4xf32>) -> tensor<*xf32>",
                        "%s = onnx.Constant {value = dense<[0, -1]> : "
                        "tensor<2xi64>} : () -> tensor<2xi64>\n"
                        "%y = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, "
                        "tensor<2xi64>) -> tensor<*xf32>\n"
                        "return %y : tensor<*xf32>"),
            "tensor<2x12xf32>");
}

TEST_F(ShapeInferenceTest, BroadcastKeepsUnknownDims) {
  EXPECT_EQ(refinedType("(%a: tensor<?x1x5xf32>, %b: tensor<4x1xf32>) -> "
                        "tensor<*xf32>",
                        "%y = onnx.Add %a, %b : (tensor<?x1x5xf32>, "
                        "tensor<4x1xf32>) -> tensor<*xf32>\n"
                        "return %y : tensor<*xf32>"),
            "tensor<?x4x5xf32>");
}

TEST_F(ShapeInferenceTest, SliceWithNegativeStep) {
  EXPECT_EQ(refinedType("(%x: tensor<10x4xf32>) -> tensor<*xf32>",
                        "%s = onnx.Constant {value = dense<[-1]> : tensor<1xi64>} "
                        ": () -> tensor<1xi64>\n"
                        "%e = onnx.Constant {value = dense<[-100]> : "
                        "tensor<1xi64>} : () -> tensor<1xi64>\n"
                        "%a = onnx.Constant {value = dense<[0]> : tensor<1xi64>} "
                        ": () -> tensor<1xi64>\n"
                        "%t = onnx.Constant {value = dense<[-3]> : tensor<1xi64>} "
                        ": () -> tensor<1xi64>\n"
                        "%y = onnx.Slice %x, %s, %e, %a, %t : (tensor<10x4xf32>, "
                        "tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, "
                        "tensor<1xi64>) -> tensor<*xf32>\n"
                        "return %y : tensor<*xf32>"),
            "tensor<4x4xf32>");
}

TEST_F(ShapeInferenceTest, GemmTransposed) {
  EXPECT_EQ(refinedType("(%a: tensor<1x2048xf32>, %b: tensor<1000x2048xf32>) -> "
                        "tensor<*xf32>",
                        "%n = onnx.none\n"
                        "%y = onnx.Gemm %a, %b, %n {transB = 1 : i64} : "
                        "(tensor<1x2048xf32>, tensor<1000x2048xf32>, none) -> "
                        "tensor<*xf32>\nreturn %y : tensor<*xf32>"),
            "tensor<1x1000xf32>");
}

// Constants read back from dense_resource blobs keep their sign: an int32
// bias of -9608 once came back as 4294957688 (a conditional expression of
// uint32_t and int32_t), which broke every fp16 model on the ASIC.
TEST_F(ShapeInferenceTest, ResourceIntegersKeepTheirSign) {
  std::string text = "func.func @f() -> tensor<3xi32> {\n"
                     "%c = onnx.Constant {value = dense_resource<b> : tensor<3xi32>} : () -> "
                     "tensor<3xi32>\nreturn %c : tensor<3xi32>\n}\n"
                     "{-#\n dialect_resources: {\n builtin: {\n"
                     "  b: \"0x0400000078DAFFFF640E0000FFFFFF7F\"\n }\n }\n#-}\n";
  module = parseSourceString<ModuleOp>(text, &context);
  ASSERT_TRUE(module);
  Value constant;
  module->walk([&](hwc::onnx::ConstantOp op) { constant = op.getResult(); });
  std::optional<SmallVector<int64_t>> values = hwc::onnx::getConstantIntegers(constant);
  ASSERT_TRUE(values);
  EXPECT_EQ(*values, (SmallVector<int64_t>{-9608, 3684, 2147483647}));
}

} // namespace
