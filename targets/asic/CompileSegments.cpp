//===- CompileSegments.cpp - The ASIC back end, start to end ---------------===//
//
// Extract the int8 segments of a quantized module, lower each onto the
// array as a systolic.program (kept in the module for --emit=mlir) and emit
// its ISA words, DRAM image and node map.
//
//===----------------------------------------------------------------------===//

#include "targets/asic/LowerSegment.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace hwc::asic {

LogicalResult compileSegments(ModuleOp module, const rt::systolic::ArrayConfig &array,
                              StringRef configName, ExtractedModel &extracted,
                              std::vector<rt::systolic::SegmentProgram> &programs) {
  module.getContext()->loadDialect<systolic::SystolicDialect>();
  FailureOr<ExtractedModel> found = extractSegments(module);
  if (failed(found))
    return failure();
  extracted = std::move(*found);
  // The host graph's AsicSegment nodes belong to domain hwc.asic, version 1.
  Builder builder(module.getContext());
  SmallVector<NamedAttribute> opsets;
  if (auto existing = module->getAttrOfType<DictionaryAttr>("onnx.opset_imports"))
    opsets.assign(existing.begin(), existing.end());
  if (!extracted.segments.empty() && !llvm::any_of(opsets, [](NamedAttribute entry) {
        return entry.getName() == "hwc.asic";
      }))
    opsets.push_back(builder.getNamedAttr("hwc.asic", builder.getI64IntegerAttr(1)));
  module->setAttr("onnx.opset_imports", builder.getDictionaryAttr(opsets));
  programs.clear();
  for (size_t i = 0; i < extracted.segments.size(); ++i) {
    rt::systolic::SegmentProgram compiled;
    compiled.array = array;
    fuseResidualAdds(extracted.segments[i]);
    im2colThinInputs(extracted.segments[i], array.rows);
    std::string name = configName.str() + ".segment" + std::to_string(i);
    FailureOr<systolic::ProgramOp> program =
        lowerSegment(module, extracted.segments[i], array, name);
    if (failed(program) || failed(emitProgram(*program, compiled)))
      return failure();
    compiled.segment = extracted.segments[i];
    programs.push_back(std::move(compiled));
  }
  return success();
}

} // namespace hwc::asic
