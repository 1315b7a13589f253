# GenerateVersion.cmake - writes Version.h with the current git hash at
# build time, so `hwc --version` names the commit it was built from.
execute_process(COMMAND git -C ${SOURCE_DIR} rev-parse --short=12 HEAD
  OUTPUT_VARIABLE HWC_GIT_HASH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git -C ${SOURCE_DIR} status --porcelain --untracked-files=no
  OUTPUT_VARIABLE HWC_GIT_DIRTY OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT HWC_GIT_HASH)
  set(HWC_GIT_HASH "unknown")
elseif(HWC_GIT_DIRTY)
  set(HWC_GIT_HASH "${HWC_GIT_HASH}-dirty")
endif()
configure_file(${INPUT} ${OUTPUT} @ONLY)
