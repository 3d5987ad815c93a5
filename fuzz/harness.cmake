# fuzz/harness.cmake — healsim_fuzz_harness(TARGET KIND): add the fuzz
# harness fuzz/fuzz_KIND.c (KIND: params, cli or batch) and everything it needs to
# the executable TARGET.  fuzz/CMakeLists.txt turns the harnesses into
# libFuzzer binaries; tests/CMakeLists.txt links the same harnesses with
# tests/test_fuzz_regressions.c, which replays tests/fuzz-regressions/.
set(HEALSIM_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
get_filename_component(HEALSIM_FUZZ_ROOT ${HEALSIM_FUZZ_DIR} DIRECTORY)

# What fuzz_cli.c puts in front of the library with the linker's --wrap, so
# that one input runs in milliseconds and writes no file (see fuzz_cli.c).
set(HEALSIM_FUZZ_CLI_WRAPPED
  healsim_simulate healsim_batch_execute healsim_output_atomic
  healsim_figure_render_files healsim_compare_render healsim_sweep_render
  healsim_population_render healsim_tornado_render)

function(healsim_fuzz_harness target kind)
  target_sources(${target} PRIVATE ${HEALSIM_FUZZ_DIR}/fuzz_${kind}.c ${HEALSIM_FUZZ_DIR}/fuzz_util.c)
  target_include_directories(${target} PRIVATE ${HEALSIM_FUZZ_DIR} ${HEALSIM_FUZZ_ROOT}/sim ${HEALSIM_FUZZ_ROOT}/sim/cli)
  target_compile_definitions(${target} PRIVATE HEALSIM_PARAMS_DIR="${HEALSIM_FUZZ_ROOT}/params")
  if(kind STREQUAL "cli")
    # the command line (sim/cli/ but its main.c) behind healsim_main(), and
    # the figure library's table, registered instead of opening the module
    target_sources(${target} PRIVATE ${HEALSIM_FUZZ_DIR}/cli_main.c ${HEALSIM_CLI_SOURCES}
                                     ${HEALSIM_FUZZ_ROOT}/plots/module.c)
    target_link_libraries(${target} PRIVATE healsim_plots healsim_lib healsim_warnings)
    foreach(symbol IN LISTS HEALSIM_FUZZ_CLI_WRAPPED)
      target_link_options(${target} PRIVATE "LINKER:--wrap=${symbol}")
    endforeach()
  elseif(kind STREQUAL "params" OR kind STREQUAL "batch")
    target_link_libraries(${target} PRIVATE healsim_lib healsim_warnings)
  else()
    message(FATAL_ERROR "healsim_fuzz_harness: unknown kind '${kind}' (params, cli or batch)")
  endif()
endfunction()
