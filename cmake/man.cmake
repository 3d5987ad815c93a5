# cmake/man.cmake — man pages from the built command's own help.
#
# help2man runs `healsim --help` for healsim.1 and, through a two-line
# wrapper script named healsim-COMMAND, `healsim COMMAND --help` for each
# command's page, so the pages say exactly what the command says.  Written
# into build/man/ whenever the command is rebuilt; installed into
# share/man/man1/.  Included from CMakeLists.txt when HEALSIM_MAN is ON.
find_program(HELP2MAN_EXECUTABLE help2man)
if(NOT HELP2MAN_EXECUTABLE)
  message(FATAL_ERROR "help2man not found: it writes the man pages. Install it "
                      "(scripts/setup-debian.sh, Debian package help2man) or configure with -DHEALSIM_MAN=OFF")
endif()

# Every command of `healsim --help`; tests/test_install.sh checks that each
# has its page.
# Each command with the one line its page's NAME section gives.
set(HEALSIM_COMMANDS run plot compare sweep population sensitivity merge params presets)
set(summary_run "simulate a scenario and draw its teaching figures")
set(summary_plot "redraw the figures of an output folder without simulating")
set(summary_compare "simulate treatment arms side by side")
set(summary_sweep "simulate a grid of varied parameters")
set(summary_population "simulate virtual patients with drawn parameters")
set(summary_sensitivity "rank the parameters by their effect on an outcome")
set(summary_merge "join the shards of a sweep or population")
set(summary_params "list every parameter, or print a resolved parameter file")
set(summary_presets "list the built-in presets")
set(man_dir ${CMAKE_CURRENT_BINARY_DIR}/man)
set(see_also ${PROJECT_SOURCE_DIR}/cmake/man-see-also.h2m)
set(man_pages)

add_custom_command(OUTPUT ${man_dir}/healsim.1
  COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
  COMMAND ${HELP2MAN_EXECUTABLE} --no-info --no-discard-stderr --section=1
          --name=${PROJECT_DESCRIPTION} --source=healsim --manual=healsim
          --include=${see_also} --output=${man_dir}/healsim.1 $<TARGET_FILE:healsim>
  DEPENDS healsim ${see_also}
  COMMENT "Writing the man page healsim.1" VERBATIM)
list(APPEND man_pages ${man_dir}/healsim.1)

foreach(command IN LISTS HEALSIM_COMMANDS)
  set(wrapper ${man_dir}/bin/healsim-${command})
  file(GENERATE OUTPUT ${wrapper}
    CONTENT "#!/bin/sh\nexec \"$<TARGET_FILE:healsim>\" ${command} \"$@\"\n"
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  add_custom_command(OUTPUT ${man_dir}/healsim-${command}.1
    COMMAND ${HELP2MAN_EXECUTABLE} --no-info --section=1
            --name=${summary_${command}} --source=healsim --manual=healsim
            --version-string=${PROJECT_VERSION} --include=${see_also}
            --output=${man_dir}/healsim-${command}.1 ${wrapper}
    DEPENDS healsim ${see_also}
    COMMENT "Writing the man page healsim-${command}.1" VERBATIM)
  list(APPEND man_pages ${man_dir}/healsim-${command}.1)
endforeach()

add_custom_target(healsim_man ALL DEPENDS ${man_pages})
install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
