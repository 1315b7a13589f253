# lit.cfg.py - configuration of hwc's lit regression tests.
#
# Tests mirror the source tree: dialects/, passes/, import/ (.onnxtxt
# models), tools/ (CLI behaviour, error messages and exit codes).

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "hwc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.hwc_obj_root, "lit")

llvm_config.use_default_substitutions()
config.substitutions.append(("%PYTHON", config.python_executable))
config.substitutions.append(("%hwc_src", config.hwc_src_root))

tools = [
    ToolSubst("hwc", unresolved="fatal"),
    ToolSubst("hwc-opt", unresolved="fatal"),
    ToolSubst("hwc-modelgen", unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, [config.hwc_tools_dir])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# The PyPI oracles (onnx, onnxruntime) live in the project's virtual
# environment; tests that build models with them require this feature.
if os.path.exists(config.venv_python):
    config.available_features.add("onnx-python")
    config.substitutions.append(("%venv_python", config.venv_python))

# Headless Chromium (Debian `chromium`, not installed by setup: it is large)
# renders the HTML report in a screenshot test when present.
import shutil
if shutil.which("chromium"):
    config.available_features.add("chromium")
