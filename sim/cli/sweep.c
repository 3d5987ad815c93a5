/*
** sweep.c — healsim sweep [FILE] --vary S.K=SPEC...: run a grid of varied
** parameters (batch.c does the work).
*/
#include "cli.h"

const char cli_sweep_help[] =
    "Usage: healsim sweep [FILE] --vary S.K=SPEC [--vary S.K=SPEC]... [options]\n"
    "\n"
    "Run FILE (default: the built-in default) for every combination of the varied\n"
    "values.  SPEC: start:stop:step, start:stop:nN (N points), start:stop:nNlog\n"
    "(N points, log spacing) or a list a,b,c.  Writes DIR/sweep.csv (one row per run:\n"
    "run index, the values, status, outcomes) and, for one or two varied parameters,\n"
    "the sweep figure: the outcome against the value, or a heatmap.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR   output folder (default: sweep/); '-' streams the rows to stdout\n"
    "  --outcome NAME     the figure's outcome (default strength_end_pct; also\n"
    "                     strength_gain_pct, strength_min_pct, days_sore, peak_soreness,\n"
    "                     peak_inflammation_mean)\n"
    "  --timeseries       also write each run's time series, DIR/runs/run-N.csv\n"
    "  --table csv|json   the summary as CSV or JSON Lines (sweep.jsonl)\n"
    "  -j, --jobs N       parallel runs (default: every processor); output is the same\n"
    "  --shard I/N        run only the I-th of N slices; DIR/shard.json records which\n"
    "                     (join the slices with healsim merge)\n"
    "  --force            allow more than 100000 runs\n"
    "  --set S.K=V        override a parameter in every run\n"
    "  --method, --rtol, --atol  solver options, as for run\n"
    "  -q, --quiet        no progress bar, no summary line\n"
    "  -h, --help         show this help\n"
    "Figure options: --no-figures (the summary only), --format LIST (png, svg, pdf),\n"
    "--width, --height, --dpi, --size, --theme, --font, as for run.\n"
    "\n"
    "Exit status: 0 all runs ok, 1 some runs failed, 2 bad input; stopped by a signal:\n"
    "130 Ctrl-C, 143 SIGTERM (as Slurm sends), 129 SIGHUP.\n"
    "Documentation: " CLI_DOCS " (docs/BATCH.md).\n";

int cli_sweep(const cli_command *self, const cli_command *commands, int argc, char **argv)
{
    (void)commands;
    return cli_batch_command(self, HEALSIM_BATCH_SWEEP, argc, argv);
}
