//===- WriteNir.cpp - The spiking network as a NIR graph in HDF5 -----------===//
//
// NIR (Neuromorphic Intermediate Representation, v1.0) as `nir.read`
// accepts it (research/neuromorphic.md §1): /version, /node (a NIRGraph)
// with /node/nodes/<name>/{type, fields...}, /node/edges as (E, 2)
// strings and /node/metadata. Every field is a dataset, never an
// attribute; neuron parameters are per-neuron arrays of the population's
// shape; shapes have no batch dimension.
//
// Mapping: the input population is `Input`; a conv projection `Conv2d`
// (with `input_shape`), a dense one `Affine` (behind a `Flatten` with
// start_dim 0 when its source is a feature map), an identity one a
// diagonal 1x1 `Conv2d` (or a diagonal `Affine`), a sum pool `SumPool2d`;
// a spiking population `IF` with r = 1; the membrane decoder `I` (r = 1)
// followed by `Output`. A population's bias (and the threshold/2T shift)
// goes on its first synapse node. NIR's IF resets to v_reset; hwc resets
// by subtraction, so each IF node's metadata records its `reset_mode`
// ("subtract" or "to-value") and population name, and the graph's metadata
// states the rule (see docs/neuromorphic.md).
//
//===----------------------------------------------------------------------===//

#include "targets/neuromorphic/SnnBackend.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <hdf5.h>

#include <cstdio>
#include <functional>

namespace hwc::neuromorphic {
namespace {

using rt::snn::Network;
using rt::snn::Population;
using rt::snn::PopulationKind;
using rt::snn::Projection;
using rt::snn::ProjectionKind;

/// The HDF5 C API with RAII handles and one error flag.
class H5Writer {
public:
  explicit H5Writer(hid_t file) : file(file) {}
  bool ok = true;

  hid_t group(hid_t parent, const std::string &name) {
    hid_t g = H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= g >= 0;
    handles.push_back(g);
    return g;
  }

  void string(hid_t parent, const std::string &name, const std::string &value) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, value.empty() ? 1 : value.size());
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t set = H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT,
                           H5P_DEFAULT);
    ok &= set >= 0 && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, value.c_str()) >= 0;
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
  }

  /// A (rows, 2) dataset of fixed-length strings.
  void stringPairs(hid_t parent, const std::string &name,
                   const std::vector<std::pair<std::string, std::string>> &pairs) {
    size_t width = 1;
    for (const auto &[a, b] : pairs)
      width = std::max({width, a.size(), b.size()});
    std::vector<char> data(pairs.size() * 2 * width, '\0');
    for (size_t i = 0; i < pairs.size(); ++i) {
      std::copy(pairs[i].first.begin(), pairs[i].first.end(), &data[(2 * i) * width]);
      std::copy(pairs[i].second.begin(), pairs[i].second.end(), &data[(2 * i + 1) * width]);
    }
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, width);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    hsize_t dims[2] = {pairs.size(), 2};
    hid_t space = H5Screate_simple(2, dims, nullptr);
    hid_t set = H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT,
                           H5P_DEFAULT);
    ok &= set >= 0 && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) >= 0;
    H5Dclose(set);
    H5Sclose(space);
    H5Tclose(type);
  }

  void floats(hid_t parent, const std::string &name, const std::vector<float> &values,
              const std::vector<hsize_t> &dims) {
    write(parent, name, H5T_NATIVE_FLOAT, H5T_IEEE_F32LE, values.data(), dims);
  }

  void ints(hid_t parent, const std::string &name, const std::vector<int64_t> &values) {
    write(parent, name, H5T_NATIVE_INT64, H5T_STD_I64LE, values.data(), {values.size()});
  }

  void scalarInt(hid_t parent, const std::string &name, int64_t value) {
    write(parent, name, H5T_NATIVE_INT64, H5T_STD_I64LE, &value, {});
  }

  ~H5Writer() {
    for (auto it = handles.rbegin(); it != handles.rend(); ++it)
      H5Gclose(*it);
  }

private:
  hid_t file;
  std::vector<hid_t> handles;

  void write(hid_t parent, const std::string &name, hid_t memType, hid_t fileType,
             const void *data, const std::vector<hsize_t> &dims) {
    hid_t space = dims.empty() ? H5Screate(H5S_SCALAR)
                               : H5Screate_simple(int(dims.size()), dims.data(), nullptr);
    hid_t set = H5Dcreate2(parent, name.c_str(), fileType, space, H5P_DEFAULT, H5P_DEFAULT,
                           H5P_DEFAULT);
    ok &= set >= 0 && H5Dwrite(set, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0;
    H5Dclose(set);
    H5Sclose(space);
  }
};

/// Whether a population's NIR signal is a vector: only what dense synapses
/// (or an identity from a vector) feed is; inputs, sum pools and what
/// convolutions feed are (C, H, W), even at 1 x 1.
bool isFlat(const Network &net, int index) {
  const Population &p = net.populations[index];
  if (p.kind == PopulationKind::Input || p.kind == PopulationKind::Relay)
    return false;
  bool any = false;
  for (const Projection &projection : net.projections) {
    if (projection.target != index)
      continue;
    any = true;
    bool dense = projection.kind == ProjectionKind::Dense ||
                 (projection.kind == ProjectionKind::Identity && isFlat(net, projection.source));
    if (!dense)
      return false;
  }
  return any;
}

std::vector<hsize_t> neuronDims(const Network &net, int index) {
  const Population &p = net.populations[index];
  if (isFlat(net, index))
    return {hsize_t(p.shape.count())};
  return {hsize_t(p.shape.channels), hsize_t(p.shape.height), hsize_t(p.shape.width)};
}

std::vector<int64_t> shapeVector(const std::vector<hsize_t> &dims) {
  return std::vector<int64_t>(dims.begin(), dims.end());
}

std::vector<float> filled(const Population &p, float value) {
  return std::vector<float>(size_t(p.shape.count()), value);
}

class NirGraph {
public:
  NirGraph(const Network &net, H5Writer &h5, hid_t nodes) : net(net), h5(h5), nodes(nodes) {}

  std::vector<std::pair<std::string, std::string>> edges;

  void build() {
    outputOf.assign(net.populations.size(), "");
    for (size_t i = 0; i < net.populations.size(); ++i)
      addPopulation(int(i));
  }

private:
  const Network &net;
  H5Writer &h5;
  hid_t nodes;
  /// The node whose output carries each population's signal.
  std::vector<std::string> outputOf;

  hid_t node(const std::string &name, const std::string &type) {
    hid_t g = h5.group(nodes, name);
    h5.string(g, "type", type);
    return g;
  }

  std::vector<float> biasOf(const Population &p) {
    std::vector<float> bias(size_t(p.shape.channels), 0.0f);
    int32_t shift = p.biasShift ? int32_t((int64_t(p.threshold) + net.timesteps) /
                                          (2 * net.timesteps))
                                : 0;
    for (size_t c = 0; c < bias.size(); ++c)
      bias[c] = float((p.bias.empty() ? 0 : p.bias[c]) + shift);
    return bias;
  }

  /// Writes projection `index` into `target`; `withBias` puts the target's
  /// bias on it. Returns the node name.
  std::string addProjection(size_t index, bool withBias) {
    const Projection &p = net.projections[index];
    const Population &source = net.populations[p.source];
    const Population &target = net.populations[p.target];
    std::string name = "p" + std::to_string(index) + "_" + rt::snn::projectionKindName(p.kind);
    std::string from = outputOf[p.source];
    std::vector<float> bias = withBias ? biasOf(target) : std::vector<float>(target.shape.channels);
    std::vector<float> weights(p.weights.begin(), p.weights.end());
    bool featureMap = !isFlat(net, p.source);
    switch (p.kind) {
    case ProjectionKind::Conv:
    case ProjectionKind::Identity:
      if (featureMap) {
        hid_t g = node(name, "Conv2d");
        bool identity = p.kind == ProjectionKind::Identity;
        int64_t cin = source.shape.channels;
        hsize_t cout = hsize_t(target.shape.channels);
        if (identity) { // a diagonal 1x1 convolution (NIR infers Cin from the weight)
          std::vector<float> diagonal(cout * cout, 0.0f);
          for (hsize_t c = 0; c < cout; ++c)
            diagonal[c * cout + c] = weights[c];
          weights = diagonal;
        }
        h5.floats(g, "weight", weights,
                  identity ? std::vector<hsize_t>{cout, cout, 1, 1}
                           : std::vector<hsize_t>{cout, hsize_t(cin / p.groups),
                                                  hsize_t(p.kernelH), hsize_t(p.kernelW)});
        h5.floats(g, "bias", bias, {cout});
        h5.ints(g, "stride", {p.strideH, p.strideW});
        h5.ints(g, "padding", {p.padH, p.padW});
        h5.ints(g, "dilation", {p.dilationH, p.dilationW});
        h5.scalarInt(g, "groups", identity ? 1 : p.groups);
        h5.ints(g, "input_shape", {source.shape.height, source.shape.width});
        break;
      }
      [[fallthrough]];
    case ProjectionKind::Dense: {
      if (featureMap && p.kind == ProjectionKind::Dense) {
        std::string flatten = name + "_flatten";
        hid_t f = node(flatten, "Flatten");
        h5.ints(f, "input_type", shapeVector(neuronDims(net, p.source)));
        h5.scalarInt(f, "start_dim", 0);
        h5.scalarInt(f, "end_dim", -1);
        edges.emplace_back(from, flatten);
        from = flatten;
      }
      hsize_t outs = hsize_t(target.shape.count()), ins = hsize_t(source.shape.count());
      if (p.kind == ProjectionKind::Identity) { // a diagonal matrix
        std::vector<float> diagonal(outs * ins, 0.0f);
        for (hsize_t i = 0; i < outs; ++i)
          diagonal[i * ins + i] = weights[i % weights.size()];
        weights = diagonal;
      }
      hid_t g = node(name, "Affine");
      h5.floats(g, "weight", weights, {outs, ins});
      h5.floats(g, "bias", bias, {outs});
      break;
    }
    case ProjectionKind::SumPool: {
      hid_t g = node(name, "SumPool2d");
      h5.ints(g, "kernel_size", {p.kernelH, p.kernelW});
      h5.ints(g, "stride", {p.strideH, p.strideW});
      h5.ints(g, "padding", {p.padH, p.padW});
      break;
    }
    }
    edges.emplace_back(from, name);
    return name;
  }

  void addPopulation(int index) {
    const Population &p = net.populations[index];
    std::vector<std::string> inputs;
    bool first = true;
    for (size_t k = 0; k < net.projections.size(); ++k)
      if (net.projections[k].target == index) {
        inputs.push_back(addProjection(k, first));
        first = false;
      }
    std::string name = "n" + std::to_string(index);
    std::vector<hsize_t> dims = neuronDims(net, index);
    switch (p.kind) {
    case PopulationKind::Input: {
      hid_t g = node("input", "Input");
      h5.ints(g, "shape", shapeVector(dims));
      outputOf[index] = "input";
      return;
    }
    case PopulationKind::Relay:
      outputOf[index] = inputs.front(); // the sum pool node itself
      return;
    case PopulationKind::Spiking: {
      hid_t g = node(name, "IF");
      h5.floats(g, "r", filled(p, 1.0f), dims);
      h5.floats(g, "v_threshold", filled(p, float(p.threshold)), dims);
      h5.floats(g, "v_reset", filled(p, float(p.resetValue)), dims);
      hid_t meta = h5.group(g, "metadata");
      h5.string(meta, "reset_mode", rt::snn::resetModeName(p.reset));
      h5.string(meta, "population", p.name);
      break;
    }
    case PopulationKind::Integrator: {
      hid_t g = node(name, "I");
      h5.floats(g, "r", filled(p, 1.0f), dims);
      break;
    }
    }
    for (const std::string &input : inputs)
      edges.emplace_back(input, name);
    outputOf[index] = name;
    if (index == net.output) {
      hid_t g = node("output", "Output");
      h5.ints(g, "shape", shapeVector(dims));
      edges.emplace_back(name, "output");
    }
  }
};

} // namespace

std::string writeNir(const Network &network, const std::string &path,
                     const std::map<std::string, std::string> &metadata) {
  // Written next to the destination and renamed: never a partial file.
  llvm::SmallString<256> temporary(path);
  temporary += ".tmp-hwc";
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t file = H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (file < 0)
    return "cannot create " + path;
  bool ok;
  {
    H5Writer h5(file);
    h5.string(file, "version", "1.0.7");
    hid_t graph = h5.group(file, "node");
    h5.string(graph, "type", "NIRGraph");
    hid_t nodes = h5.group(graph, "nodes");
    NirGraph nir(network, h5, nodes);
    nir.build();
    h5.stringPairs(graph, "edges", nir.edges);
    hid_t meta = h5.group(graph, "metadata");
    for (const auto &[key, value] : metadata)
      h5.string(meta, key, value);
    ok = h5.ok;
  }
  ok &= H5Fclose(file) >= 0;
  if (!ok || llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    return "cannot write " + path;
  }
  return "";
}

} // namespace hwc::neuromorphic
