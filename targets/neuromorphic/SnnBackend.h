//===- SnnBackend.h - The neuromorphic back end's entry points ----*- C++ -*-===//
//
// From a converted, normalized, quantized and mapped snn module to the
// runtime's spiking network (the `.hwcn` payload), and from that network
// to a NIR graph in HDF5 (the interchange format Lava, Norse, snnTorch,
// Sinabs, Rockpool and SpiNNaker2 tooling read).
//
//===----------------------------------------------------------------------===//

#ifndef HWC_TARGETS_NEUROMORPHIC_SNNBACKEND_H
#define HWC_TARGETS_NEUROMORPHIC_SNNBACKEND_H

#include "runtime/sim/snn/Network.h"

#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <optional>
#include <string>

namespace hwc::neuromorphic {

/// The network of `module`'s @main, which must hold integer weights
/// (after hwc-snn-quantize). Emits an error on the offending op and
/// returns nullopt otherwise.
std::optional<rt::snn::Network> emitNetwork(mlir::ModuleOp module, int64_t timesteps);

/// Writes `network` as a NIR graph (HDF5, NIR 1.0 layout) to `path` with
/// `metadata` (string values) in /node/metadata. Returns "" or the error.
std::string writeNir(const rt::snn::Network &network, const std::string &path,
                     const std::map<std::string, std::string> &metadata);

} // namespace hwc::neuromorphic

#endif // HWC_TARGETS_NEUROMORPHIC_SNNBACKEND_H
