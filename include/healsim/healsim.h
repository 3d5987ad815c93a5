/*
** healsim/healsim.h — the whole healsim API in one include.
**
** USAGE
**
**     #include <healsim/healsim.h>
**
**     healsim_params p;  healsim_figure_config fig;  healsim_diag d;  char msg[2048];
**     if (healsim_params_load("ligament-prolotherapy", NULL, 0, &p, &fig, &d)) {
**         healsim_diag_format(&d, msg, sizeof msg);     // "file:line:col: error: ..."
**         fprintf(stderr, "%s\n", msg);                // a path or a preset name
**     }
**     p.interval = 3;                                   // edit by hand, then check
**     if (healsim_params_check(&p, &d)) ...;
**     healsim_run *run;
**     if (healsim_simulate(&p, 0, &run, &d) == HEALSIM_OK) {
**         printf("%.1f %%\n", healsim_run_summary(run)->strength_end_pct);
**         healsim_output_write_dir(run, &fig, "out", &d); // CSV, JSON, resolved INI
**         healsim_run_free(run);
**     }
**
** The headers, in the order data flows:
**   params.h   a parameter set and its [figure] section: load, set, check,
**              write; diagnostics (healsim_diag); status codes
**   presets.h  the parameter files the library carries, by name
**   model.h    the model's equations (states, phases, right-hand side)
**   run.h      one simulation: healsim_simulate / _free and its results
**   output.h   a run's results as files (timeseries.csv, summary.json, ...)
**   compare.h  treatment arms side by side
**   batch.h    sweeps, virtual populations, sensitivity
**   shard.h    the record a shard keeps so that merge can prove a batch whole
**   figure.h   figures of results (in the healsim_plots library, which
**              links cairo and pango; the rest needs only GSL)
**
** Conventions of every header: functions return a healsim_status and fill
** results through out pointers; a failure fills the healsim_diag the
** caller passes (never NULL) and changes nothing else the contract does not
** name.  Objects come as _alloc/_free pairs and _free(NULL) does nothing;
** strings returned as const char * are static or owned by the object they
** came from.  Nothing prints, exits or touches process-wide state: call
** gsl_set_error_handler_off() once in main, as the solver reports its own
** errors.
*/
#ifndef HEALSIM_HEALSIM_H
#define HEALSIM_HEALSIM_H

#include "healsim/version.h"

#include "healsim/params.h"
#include "healsim/presets.h"
#include "healsim/model.h"
#include "healsim/run.h"
#include "healsim/output.h"
#include "healsim/compare.h"
#include "healsim/batch.h"
#include "healsim/shard.h"
#include "healsim/figure.h"

#endif
