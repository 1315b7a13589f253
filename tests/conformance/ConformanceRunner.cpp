//===- ConformanceRunner.cpp - ONNX backend node tests on the runtime -----===//
//
// Runs every test directory of an ONNX backend node-test suite (model.onnx +
// test_data_set_N/{input,output}_M.pb) through the reference runtime and
// compares with the ONNX defaults (rtol 1e-3, atol 1e-7, shapes and dtypes
// exact). Each test ends PASS, FAIL or UNSUPPORTED (an operator, attribute
// form or dtype the runtime does not implement); tests listed in the
// expected-failures file end XFAIL (or XPASS when they pass). Each test runs
// in a forked child so that a crash or a hang fails that test only.
//
// Prints one line per test and a summary, and writes per-test results as
// JSON for docs/ops.md (tests/conformance/gen_ops_md.py).
//
//===----------------------------------------------------------------------===//

#include "runtime/core/Error.h"
#include "runtime/interpreter/Interpreter.h"
#include "runtime/io/TensorIO.h"
#include "runtime/kernels/Kernel.h"
#include "runtime/parity/Metrics.h"

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace hwc::rt;

namespace {

struct Options {
  std::string suiteName;
  std::string suiteDir;
  std::string expectedFailures;
  std::string typedOps;
  std::string jsonOut;
  std::string filter;
  int timeoutSeconds = 120;
};

struct Outcome {
  std::string status; // PASS, FAIL, UNSUPPORTED
  std::string reason;
};

/// Operator types used by a model, subgraphs included.
void collectOps(const ::onnx::GraphProto &graph, std::set<std::string> &ops) {
  for (const auto &node : graph.node()) {
    std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    ops.insert(domain.empty() ? node.op_type() : domain + "::" + node.op_type());
    for (const auto &attr : node.attribute()) {
      if (attr.has_g())
        collectOps(attr.g(), ops);
      for (const auto &g : attr.graphs())
        collectOps(g, ops);
    }
  }
}

std::set<std::string> modelOps(const std::string &path) {
  ::onnx::ModelProto model;
  std::ifstream in(path, std::ios::binary);
  std::set<std::string> ops;
  if (model.ParseFromIstream(&in))
    collectOps(model.graph(), ops);
  return ops;
}

std::vector<fs::path> numberedFiles(const fs::path &dir, const std::string &prefix) {
  std::vector<fs::path> files;
  for (int i = 0;; ++i) {
    fs::path file = dir / (prefix + std::to_string(i) + ".pb");
    if (!fs::exists(file))
      break;
    files.push_back(file);
  }
  return files;
}

/// ONNX 1.12's test data stores bfloat16 tensors as uint16 bit patterns;
/// reinterpret them when the graph declares bfloat16.
Tensor asDeclared(const Tensor &tensor, int declaredType) {
  if (tensor.dtype() != DType::UInt16 || declaredType != int(DType::BFloat16))
    return tensor;
  Tensor packed = tensor.contiguous();
  return Tensor(DType::BFloat16, packed.shape(), packed.strides(),
                packed.buffer());
}

/// Runs one test in this process; throws on failure.
Outcome runTest(const fs::path &testDir) {
  std::unique_ptr<Model> model = Model::load((testDir / "model.onnx").string());
  Interpreter interpreter(*model, 1);
  const Graph &graph = model->graph();
  Tolerance tolerance{1e-3, 1e-7};
  int dataSets = 0;
  for (int set = 0;; ++set) {
    fs::path dataDir = testDir / ("test_data_set_" + std::to_string(set));
    if (!fs::exists(dataDir))
      break;
    ++dataSets;
    std::vector<fs::path> inputFiles = numberedFiles(dataDir, "input_");
    std::map<std::string, Tensor> inputs;
    // Inputs are positional over the graph inputs (initializers excluded).
    for (size_t i = 0; i < inputFiles.size() && i < graph.inputs.size(); ++i)
      inputs[graph.valueNames[size_t(graph.inputs[i])]] = asDeclared(
          readTensorFile(inputFiles[i].string()), graph.inputInfos[i].elemType);
    RunResult result = interpreter.run(inputs);
    std::vector<fs::path> outputFiles = numberedFiles(dataDir, "output_");
    if (outputFiles.size() != result.outputs.size())
      return {"FAIL", "expected " + std::to_string(outputFiles.size()) +
                          " outputs, got " + std::to_string(result.outputs.size())};
    for (size_t i = 0; i < outputFiles.size(); ++i) {
      Tensor expected = asDeclared(readTensorFile(outputFiles[i].string()),
                                   graph.outputInfos[i].elemType);
      const Tensor &actual = result.outputs[i].second;
      ParityMetrics metrics = compareTensors(actual, expected, tolerance);
      if (!metrics.passed()) {
        std::ostringstream why;
        why << "output " << i << " ('" << result.outputs[i].first << "'): ";
        if (!metrics.shapeMatches)
          why << "shape " << formatShape(actual.shape()) << ", expected "
              << formatShape(expected.shape());
        else if (!metrics.dtypeMatches)
          why << "dtype " << dtypeName(actual.dtype()) << ", expected "
              << dtypeName(expected.dtype());
        else
          why << metrics.mismatches << "/" << metrics.count
              << " elements differ, max abs error " << metrics.maxAbsError;
        return {"FAIL", why.str()};
      }
    }
  }
  if (dataSets == 0)
    return {"FAIL", "no test_data_set_0"};
  return {"PASS", ""};
}

/// Runs a test in a child process with a time limit.
Outcome runIsolated(const fs::path &testDir, int timeoutSeconds) {
  int pipeFds[2];
  if (pipe(pipeFds) != 0)
    return {"FAIL", "pipe() failed"};
  pid_t child = fork();
  if (child == 0) {
    close(pipeFds[0]);
    alarm(unsigned(timeoutSeconds));
    Outcome outcome;
    try {
      outcome = runTest(testDir);
    } catch (const UnsupportedError &e) {
      outcome = {"UNSUPPORTED", e.what()};
    } catch (const std::exception &e) {
      outcome = {"FAIL", e.what()};
    }
    std::string message = outcome.status + "\n" + outcome.reason;
    ssize_t written = write(pipeFds[1], message.data(), message.size());
    (void)written;
    close(pipeFds[1]);
    _exit(0);
  }
  close(pipeFds[1]);
  std::string message;
  char buffer[4096];
  ssize_t n;
  while ((n = read(pipeFds[0], buffer, sizeof(buffer))) > 0)
    message.append(buffer, size_t(n));
  close(pipeFds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (WIFSIGNALED(status))
    return {"FAIL", WTERMSIG(status) == SIGALRM
                        ? "timed out after " + std::to_string(timeoutSeconds) + " s"
                        : std::string("crashed: ") + strsignal(WTERMSIG(status))};
  size_t newline = message.find('\n');
  if (newline == std::string::npos)
    return {"FAIL", "no result from the test process"};
  return {message.substr(0, newline), message.substr(newline + 1)};
}

/// "test_name  reason" per line; '#' starts a comment.
std::map<std::string, std::string> readExpectedFailures(const std::string &path) {
  std::map<std::string, std::string> entries;
  if (path.empty())
    return entries;
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": error: cannot read the expected-failures file\n";
    std::exit(1);
  }
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    size_t space = line.find_first_of(" \t");
    std::string name = line.substr(0, space);
    std::string reason = space == std::string::npos ? "" : line.substr(line.find_first_not_of(" \t", space));
    entries[name] = reason;
  }
  return entries;
}

std::set<std::string> readWords(const std::string &path) {
  std::set<std::string> words;
  std::ifstream in(path);
  std::string word;
  while (in >> word)
    words.insert(word);
  return words;
}

std::string jsonEscape(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += ' ';
    else
      out += c;
  }
  return out;
}

/// The kernel registry as JSON, for docs/ops.md.
void printKernels() {
  std::cout << "[";
  size_t i = 0;
  for (const KernelInfo &k : KernelRegistry::instance().all())
    std::cout << (i++ ? ",\n " : "\n ") << "{\"domain\": \"" << k.domain
              << "\", \"op\": \"" << k.opType << "\", \"since\": "
              << k.sinceVersion << ", \"last\": "
              << (k.lastVersion >= (1 << 30) ? -1 : k.lastVersion)
              << ", \"notes\": \"" << jsonEscape(k.notes) << "\"}";
  std::cout << "\n]\n";
}

int usage() {
  std::cerr << "usage: hwc-conformance --suite NAME --dir DIR [--expected-failures "
               "FILE] [--typed-ops FILE] [--json OUT] [--filter SUBSTRING] "
               "[--timeout SECONDS] | --list-kernels\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  Options options;
  bool listKernels = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "hwc-conformance: error: " << arg << " needs a value\n";
        std::exit(1);
      }
      return argv[++i];
    };
    if (arg == "--suite")
      options.suiteName = value();
    else if (arg == "--dir")
      options.suiteDir = value();
    else if (arg == "--expected-failures")
      options.expectedFailures = value();
    else if (arg == "--typed-ops")
      options.typedOps = value();
    else if (arg == "--json")
      options.jsonOut = value();
    else if (arg == "--filter")
      options.filter = value();
    else if (arg == "--timeout")
      options.timeoutSeconds = std::stoi(value());
    else if (arg == "--list-kernels")
      listKernels = true;
    else
      return usage();
  }
  if (listKernels) {
    printKernels();
    return 0;
  }
  if (options.suiteName.empty() || options.suiteDir.empty())
    return usage();
  if (!fs::is_directory(options.suiteDir)) {
    std::cout << "conformance " << options.suiteName << ": SKIPPED ("
              << options.suiteDir << " not found)\n";
    return 77;
  }
  std::map<std::string, std::string> expected = readExpectedFailures(options.expectedFailures);
  std::set<std::string> typedOps = readWords(options.typedOps);

  std::vector<fs::path> tests;
  for (const auto &entry : fs::directory_iterator(options.suiteDir))
    if (entry.is_directory() && fs::exists(entry.path() / "model.onnx") &&
        entry.path().filename().string().find(options.filter) != std::string::npos)
      tests.push_back(entry.path());
  std::sort(tests.begin(), tests.end());

  std::map<std::string, int> counts;
  int inScope = 0, inScopePassed = 0;
  std::ostringstream json;
  json << "{\"suite\": \"" << jsonEscape(options.suiteName) << "\", \"tests\": [";
  auto start = std::chrono::steady_clock::now();
  for (size_t t = 0; t < tests.size(); ++t) {
    std::string name = tests[t].filename().string();
    std::set<std::string> ops = modelOps((tests[t] / "model.onnx").string());
    Outcome outcome = runIsolated(tests[t], options.timeoutSeconds);
    std::string status = outcome.status;
    auto listed = expected.find(name);
    if (listed != expected.end()) {
      if (status == "PASS")
        status = "XPASS";
      else if (status == "FAIL") {
        status = "XFAIL";
        outcome.reason = listed->second + " [" + outcome.reason + "]";
      }
    }
    bool typed = !typedOps.empty() &&
                 std::all_of(ops.begin(), ops.end(),
                             [&](const std::string &op) { return typedOps.count(op) > 0; });
    if (typed) {
      ++inScope;
      inScopePassed += status == "PASS";
    }
    ++counts[status];
    std::cout << status << ": " << options.suiteName << " :: " << name;
    if (!outcome.reason.empty() && status != "PASS")
      std::cout << " (" << outcome.reason.substr(0, 300) << ")";
    std::cout << "\n";
    json << (t ? ",\n" : "\n") << "  {\"name\": \"" << name << "\", \"status\": \""
         << status << "\", \"typed\": " << (typed ? "true" : "false")
         << ", \"ops\": [";
    size_t k = 0;
    for (const std::string &op : ops)
      json << (k++ ? ", " : "") << "\"" << jsonEscape(op) << "\"";
    json << "], \"reason\": \"" << jsonEscape(outcome.reason.substr(0, 300)) << "\"}";
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  json << "\n]}\n";
  if (!options.jsonOut.empty())
    writeFileAtomically(options.jsonOut, json.str());

  std::cout << "\nconformance " << options.suiteName << ": " << tests.size()
            << " tests in " << seconds << " s\n";
  for (const char *status : {"PASS", "FAIL", "UNSUPPORTED", "XFAIL", "XPASS"})
    std::cout << "  " << status << ": " << counts[status] << "\n";
  if (!typedOps.empty())
    std::printf("  typed-op tests: %d/%d passed (%.1f%%)\n", inScopePassed,
                inScope, inScope ? 100.0 * inScopePassed / inScope : 0.0);
  // Unexpected failures and unexpected passes both need attention.
  return counts["FAIL"] || counts["XPASS"] ? 1 : 0;
}
