//===- hwc-opt.cpp - The hwc optimizer driver -----------------------------===//
//
// mlir-opt with every hwc dialect and pass registered, plus the upstream
// dialects hwc IR uses. Used by lit tests and for debugging pipelines.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/ONNXOps.h"
#include "dialects/SNN/SNNOps.h"
#include "dialects/Systolic/SystolicOps.h"
#include "passes/Passes.h"
#include "targets/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  hwc::registerHWCPasses();
  hwc::registerHWCTargetsPasses();
  mlir::DialectRegistry registry;
  registry.insert<hwc::onnx::ONNXDialect, hwc::systolic::SystolicDialect, hwc::snn::SNNDialect,
                  mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "hwc optimizer driver\n", registry));
}
