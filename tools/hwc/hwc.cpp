//===- hwc.cpp - The hwc driver -------------------------------------------===//
//
// Entry point of the `hwc` command: parses the command line with CLI11 and
// runs the chosen subcommand. Subcommands live in their own files
// (ImportCommand.cpp, ...) and register themselves through Commands.h.
//
//===----------------------------------------------------------------------===//

#include "tools/hwc/Commands.h"
#include "Version.h"

#include <iostream>

int main(int argc, char **argv) {
  CLI::App app{"hwc: check, compile and verify ONNX models for GPU, systolic "
               "ASIC and neuromorphic targets"};
  app.set_version_flag("--version",
                       std::string("hwc ") + HWC_VERSION_STRING + " (git " +
                           HWC_GIT_HASH + ")");
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 usage or input error, 10 mapped with "
             "fallback (report), 20 parity failed, not mappable (report) or no plan "
             "within --max-drop (calibrate, compile).\n"
             "Run 'hwc SUBCOMMAND --help' for the options of a subcommand.");

  std::function<int()> run;
  hwc::cli::addCalibrateCommand(app, run);
  hwc::cli::addCompileCommand(app, run);
  hwc::cli::addInspectCommand(app, run);
  hwc::cli::addImportCommand(app, run);
  hwc::cli::addReportCommand(app, run);
  hwc::cli::addRunCommand(app, run);
  hwc::cli::addSimplifyCommand(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    std::cerr << "hwc: error: " << e.what() << "\n";
    return hwc::cli::kExitInputError;
  }
  return run ? run() : hwc::cli::kExitInputError;
}
