/*
** fuzz_util.h — what the two fuzz targets share: a private scratch folder
** holding copies of params/, and keeping the fuzzed code inside it.
**
** Both targets confine every file the code under test may open to that
** folder: an input naming an absolute path or a parent folder ('..') is
** skipped, so a fuzzer cannot make healsim read /dev/zero or a FIFO (a
** hang that is no bug of healsim's) or write outside the scratch folder.
*/
#ifndef HEALSIM_FUZZ_UTIL_H
#define HEALSIM_FUZZ_UTIL_H

#include <stddef.h>

/* Create the scratch folder (once per process; removed at exit) and copy
** every .ini and .txt file of params/ into it.  Returns its absolute path; aborts
** if it cannot be made (the target cannot run without it). */
const char *fuzz_scratch(void);

/* Replace the whole content of the file at path with data[0..size). */
void fuzz_write_file(const char *path, const void *data, size_t size);

/* Record every file and folder now in the scratch folder (the fixtures);
** fuzz_clean_scratch then removes whatever else an input left there. */
void fuzz_snapshot_scratch(void);
void fuzz_clean_scratch(void);

/* Does the text name a path that leaves the scratch folder: one starting
** with '/', or holding ".."?  (For a --set value or an argument.) */
int fuzz_path_escapes(const char *text, size_t len);

/* Turn libFuzzer's -artifact_prefix into an absolute path (adding one for
** the current folder if none is given), so that crash files land where the
** user started the fuzzer even while an input runs inside the scratch
** folder.  Call from LLVMFuzzerInitialize. */
void fuzz_absolute_artifacts(int *argc, char ***argv);

#endif
