//===- Coverage.cpp - Per-node target decisions as IR attributes -----------===//

#include "targets/Coverage.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace hwc::target {

void attachDecision(Operation *op, const Target &target, const Decision &decision) {
  Builder builder(op->getContext());
  SmallVector<Attribute> findings;
  for (const Finding &finding : decision.findings)
    findings.push_back(builder.getDictionaryAttr({
        builder.getNamedAttr("rule", builder.getStringAttr(finding.rule->id)),
        builder.getNamedAttr("reason", builder.getStringAttr(finding.reason)),
        builder.getNamedAttr("hint", builder.getStringAttr(finding.hint)),
        builder.getNamedAttr("efficiency", builder.getF64FloatAttr(finding.efficiency)),
    }));
  DictionaryAttr verdict = builder.getDictionaryAttr({
      builder.getNamedAttr("mapping",
                           builder.getStringAttr(mappingName(decision.mapping))),
      builder.getNamedAttr("efficiency", builder.getF64FloatAttr(decision.efficiency)),
      builder.getNamedAttr("note", builder.getStringAttr(decision.note)),
      builder.getNamedAttr("findings", builder.getArrayAttr(findings)),
  });
  NamedAttrList all;
  if (auto existing = op->getAttrOfType<DictionaryAttr>(kCoverageAttr))
    all.append(existing.getValue());
  all.set(target.name(), verdict);
  op->setAttr(kCoverageAttr, all.getDictionary(op->getContext()));
}

std::optional<Decision> readDecision(Operation *op, const Target &target) {
  auto all = op->getAttrOfType<DictionaryAttr>(kCoverageAttr);
  if (!all)
    return std::nullopt;
  auto verdict = all.getAs<DictionaryAttr>(target.name());
  if (!verdict)
    return std::nullopt;
  Decision decision;
  decision.mapping = parseMapping(verdict.getAs<StringAttr>("mapping").getValue());
  decision.efficiency = verdict.getAs<FloatAttr>("efficiency").getValueAsDouble();
  decision.note = verdict.getAs<StringAttr>("note").str();
  for (Attribute element : verdict.getAs<ArrayAttr>("findings")) {
    auto finding = llvm::cast<DictionaryAttr>(element);
    const Rule *rule = target.findRule(finding.getAs<StringAttr>("rule").getValue());
    if (!rule)
      continue;
    decision.findings.push_back(
        {rule, finding.getAs<StringAttr>("reason").str(),
         finding.getAs<StringAttr>("hint").str(),
         finding.getAs<FloatAttr>("efficiency").getValueAsDouble()});
  }
  return decision;
}

} // namespace hwc::target
