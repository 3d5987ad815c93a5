# Turn the files of params/ (every preset *.ini and compare-default.txt) into
# one C table, so the library carries them: `healsim run NAME` and
# `healsim compare` work from any folder with no file installed.
# Usage: cmake -DINPUT_DIR=params -DOUTPUT=file.c -P embed.cmake
# Each row: the file name, the name without extension, the preset's own `title =` line (or ""), the text.
file(GLOB inputs RELATIVE "${INPUT_DIR}" "${INPUT_DIR}/*.ini" "${INPUT_DIR}/*.txt")
list(SORT inputs)
set(arrays "")
set(rows "")
set(i 0)
foreach(name IN LISTS inputs)
  file(READ "${INPUT_DIR}/${name}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " bytes "${bytes}")
  string(APPEND arrays "static const unsigned char text_${i}[] = {\n    ${bytes}0x00\n};\n")
  file(STRINGS "${INPUT_DIR}/${name}" title_line REGEX "^title[ \t]*=" LIMIT_COUNT 1)
  set(title "")
  if(title_line)
    string(REGEX REPLACE "^title[ \t]*=[ \t]*" "" title "${title_line}")
    string(STRIP "${title}" title)
    string(REPLACE "\\" "\\\\" title "${title}")
    string(REPLACE "\"" "\\\"" title "${title}")
  endif()
  string(REGEX REPLACE "\\.[^.]*$" "" stem "${name}")
  string(APPEND rows "    { \"${name}\", \"${stem}\", \"${title}\", (const char *)text_${i} },\n")
  math(EXPR i "${i} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${INPUT_DIR} by cmake/embed.cmake; do not edit. */\n"
  "#include \"params_internal.h\"\n\n"
  "${arrays}\n"
  "const healsimi_embedded healsimi_embedded_files[] = {\n${rows}};\n"
  "const size_t healsimi_n_embedded_files = ${i};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
