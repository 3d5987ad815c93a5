# Turn a text file into a C array so the binary carries it (used for
# params/default.ini, which makes `healsim run` work from any folder).
# Usage: cmake -DINPUT=file -DOUTPUT=file.c -DSYMBOL=name -P embed.cmake
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${INPUT} by cmake/embed.cmake; do not edit. */\n"
  "static const unsigned char bytes[] = {\n    ${bytes}0x00\n};\n"
  "extern const char *const ${SYMBOL};\n"
  "const char *const ${SYMBOL} = (const char *)bytes;\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
