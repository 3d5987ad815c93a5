/*
** cli_main.c — sim/main.c with its main() renamed healsim_main(), so that
** fuzz_cli.c (and the regression replay test) can call the command line
** in-process, as many times as it likes.  main() returns every status it
** decides and never calls exit(), which is what makes this possible.
*/
int healsim_main(int argc, char **argv);
#define main healsim_main
#include "main.c"
