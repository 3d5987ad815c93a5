/*
** param_table.c — every parameter of healsim, one row each: section, key,
** storage, allowed range, unit and source.  Defaults are not here: they live
** in params/default.ini, the one place a user reads them, which is compiled
** into the library.  A test checks that the default file sets every row.
**
** Ranges are wide on purpose — they exclude values that are meaningless
** (negative rates, zero saturation constants) or that make the model stiff
** beyond any tissue (rates above 1000/day), not values that are merely unusual.
*/
#include "param_table.h"

#include <float.h>
#include <stddef.h>
#include <string.h>

#include "healsim/params.h"

#define F(field) offsetof(healsim_params, field)
#define REAL(sec, key, field, lo, hi, unit, src) \
    { sec, key, PARAM_REAL, F(field), 0, lo, hi, unit, NULL, src, 0, 0 }
#define COUNT(sec, key, field, lo, hi, src) \
    { sec, key, PARAM_COUNT, F(field), 0, lo, hi, "", NULL, src, 0, 0 }
#define LIST(sec, key, field, len, lo, hi, unit, src) \
    { sec, key, PARAM_LIST, F(field), F(len), lo, hi, unit, NULL, src, 0, 0 }
#define LIST_OR_NONE(sec, key, field, len, lo, hi, unit, src) \
    { sec, key, PARAM_LIST, F(field), F(len), lo, hi, unit, NULL, src, 1, 0 }
#define CHOICE(sec, key, field, names, src) \
    { sec, key, PARAM_CHOICE, F(field), 0, 0, 0, "", names, src, 0, 0 }
#define TEXT(sec, key, field, src) \
    { sec, key, PARAM_TEXT, F(field), 0, 0, 0, "", NULL, src, 0, 0 }
/* [figure] rows: stored in healsim_figure_config */
#define G(field) offsetof(healsim_figure_config, field)
#define FIG_REAL(key, field, lo, hi, unit, src) \
    { "figure", key, PARAM_REAL, G(field), 0, lo, hi, unit, NULL, src, 0, 1 }
#define FIG_COUNT(key, field, lo, hi, src) \
    { "figure", key, PARAM_COUNT, G(field), 0, lo, hi, "", NULL, src, 0, 1 }
#define FIG_CHOICE(key, field, names, src) \
    { "figure", key, PARAM_CHOICE, G(field), 0, 0, 0, "", names, src, 0, 1 }
#define FIG_FLAGS(key, field, allow_none, names, src) \
    { "figure", key, PARAM_FLAGS, G(field), 0, (allow_none) ? 0 : 1, 0, "", names, src, 0, 1 }
#define FIG_TEXT(key, field, src) \
    { "figure", key, PARAM_TEXT, G(field), 0, 0, 0, "", NULL, src, 0, 1 }
#define LABEL(key, id, src) FIG_TEXT(key, text[HEALSIM_TEXT_##id], src)

static const char *const unit_names[] = { "days", "weeks", NULL };
static const char *const grid_names[] = { "linear", "log", NULL };
static const char *const method_names[] = {
    "rk2", "rk4", "rkf45", "rkck", "rk8pd", "rk1imp", "rk2imp", "rk4imp",
    "msadams", "msbdf", NULL
};
/* In healsim_figure order: the file name of each figure without extension,
** as figure.figures spells it (healsim_figure_name). */
static const char *const figure_names[] = {
    "phases", "phases-log", "cells", "outcome", "overview", "handout", NULL
};
/* In HEALSIM_FORMAT_* bit order: the extension of each (healsim_format_extension). */
static const char *const format_names[] = { "png", "svg", "pdf", NULL };
/* In healsim_compare_figure order (healsim_compare_figure_name). */
static const char *const compare_figure_names[] = {
    "compare-outcome", "compare-phases", "compare-bars", NULL
};
static const char *const theme_names[] = { "light", "dark", NULL };
/* In healsim_figure_size order. */
static const char *const size_names[] = { "custom", "slide", "column", "a4", "letter", NULL };
static const char *const nsaid_timing_names[] = { "injection", "day", NULL };

const char *const healsimi_param_sections[] = {
    "", "tissue", "schedule", "injection", "nsaid", "steroid", "patient", "hemostasis",
    "inflammation", "repair", "remodeling", "phases", "solver", "output", "figure", NULL
};

const param_info healsimi_param_table[] = {
    TEXT("", "title", title, "scenario title used in outputs and figures"),

    /* [tissue] */
    REAL("tissue", "initial_strength_pct", initial_strength_pct, 0, 100, "%",
         "a lax ligament at ~60 % of healthy strength; 0 for a fresh wound"),
    REAL("tissue", "initial_injury", initial_injury, 0, 10, "a.u.",
         "1 = full acute wound that calibrates the model; 0 = no injury at time 0"),
    REAL("tissue", "turnover", turnover, 0.01, 5, "",
         "healing capacity relative to skin; ligaments are hypocellular and poorly vascularised (Frank 1995)"),

    /* [schedule] */
    CHOICE("schedule", "unit", schedule_unit, unit_names, "unit of times, start and interval"),
    LIST("schedule", "times", times, n_times, 0, 1e5, "unit",
         "explicit injection times; replaces start/interval/count"),
    REAL("schedule", "start", start, 0, 1e5, "unit", "first injection"),
    REAL("schedule", "interval", interval, 0, 1e5, "unit",
         "prolotherapy protocols: 1-2 weeks to a few weeks between sessions"),
    COUNT("schedule", "count", count, 0, HEALSIM_MAX_INJECTIONS,
          "3-6 sessions in prolotherapy protocols; 0 = no injections"),
    LIST("schedule", "concentration_pct", concentration_pct, n_concentration, 0, 75, "%",
         "dextrose 10-25 % usual (Reeves 2000; Rabago 2013); one value or one per injection"),
    LIST("schedule", "volume_ml", volume_ml, n_volume, 0, 50, "mL",
         "per session; one value or one per injection"),
    REAL("schedule", "span_days", span_days, 1, 3650, "day", "simulated time"),

    /* [injection] */
    REAL("injection", "needle_injury", needle_injury, 0, 10, "a.u.",
         "needle trauma alone: small next to the irritant (saline arm of Rabago 2013)"),
    REAL("injection", "irritant_injury_per_pct_ml", irritant_injury_per_pct_ml, 0, 1, "a.u./(%*mL)",
         "chosen so 15 % x 2 mL dextrose gives injury 0.08, inflammation resolved by 72 h (Jensen 2008)"),

    /* [hemostasis] */
    REAL("hemostasis", "clotting_rate_per_day", clotting_rate_per_day, 0.1, 1000, "1/day",
         "bleeding stops within about an hour (half-life 42 min)"),
    REAL("hemostasis", "platelet_activation_per_day", platelet_activation_per_day, 0, 1000, "1/day",
         "platelets peak ~2 h after injury"),
    REAL("hemostasis", "platelet_clearance_per_day", platelet_clearance_per_day, 0.01, 1000, "1/day",
         "half-life 5.5 h: hemostasis done within ~1 day"),

    /* [inflammation] */
    REAL("inflammation", "debris_drainage_per_day", debris_drainage_per_day, 0, 100, "a.u./day",
         "saturable non-cellular clearance; small injuries clear in hours (Jensen 2008)"),
    REAL("inflammation", "debris_clearance_saturation", debris_clearance_saturation, 1e-4, 100, "a.u.",
         "saturation makes large injuries clear slowly (Cooper 2015 clearance form)"),
    REAL("inflammation", "neutrophil_phagocytosis_per_day", neutrophil_phagocytosis_per_day, 0, 100, "1/day",
         "Cooper 2015 structure; value calibrated to the neutrophil and macrophage peak times"),
    REAL("inflammation", "macrophage_phagocytosis_per_day", macrophage_phagocytosis_per_day, 0, 100, "1/day",
         "Cooper 2015 structure; value calibrated to the neutrophil and macrophage peak times"),
    REAL("inflammation", "neutrophil_recruitment_per_day", neutrophil_recruitment_per_day, 0, 1000, "a.u./day",
         "sets the neutrophil scale (a.u.); figures show % of peak"),
    REAL("inflammation", "neutrophil_recruitment_saturation", neutrophil_recruitment_saturation, 1e-4, 100, "a.u.",
         "neutrophils peak ~1.2 d after an acute wound (24-48 h; Cooper 2015 model 0.76 d)"),
    REAL("inflammation", "neutrophil_death_per_day", neutrophil_death_per_day, 0.01, 100, "1/day",
         "tissue half-life ~18 h; mostly gone by day 3-4"),
    REAL("inflammation", "monocyte_recruitment_per_day", monocyte_recruitment_per_day, 0, 1000, "a.u./day",
         "sets the macrophage scale (a.u.)"),
    REAL("inflammation", "monocyte_neutrophil_saturation", monocyte_neutrophil_saturation, 1e-4, 100, "a.u.",
         "neutrophil chemokines recruit monocytes (Cooper 2015)"),
    REAL("inflammation", "monocyte_debris_weight", monocyte_debris_weight, 0, 100, "",
         "damaged tissue recruits monocytes directly (Cooper 2015)"),
    REAL("inflammation", "macrophage_switch_per_day", macrophage_switch_per_day, 0, 100, "1/day",
         "inflammatory -> repair switch once debris is cleared (Waugh & Sherratt 2006)"),
    REAL("inflammation", "macrophage_switch_debris_inhibition", macrophage_switch_debris_inhibition, 1e-4, 100, "a.u.",
         "debris holds macrophages inflammatory; macrophages peak ~3.8 d (day 3-5; Cooper 2015 model 4.1 d)"),
    REAL("inflammation", "inflammatory_macrophage_removal_per_day", inflammatory_macrophage_removal_per_day, 0, 100, "1/day",
         "calibrated with the switch rate to the macrophage peak time"),
    REAL("inflammation", "repair_macrophage_removal_per_day", repair_macrophage_removal_per_day, 0.01, 100, "1/day",
         "about half the macrophages remain 7 d after an injection, ~9 % after 14 d, as in Cooper-type cores"),

    /* [repair] */
    REAL("repair", "tgf_beta_from_platelets_per_day", tgf_beta_from_platelets_per_day, 0, 1000, "1/day",
         "platelets release PDGF and TGF-beta"),
    REAL("repair", "tgf_beta_from_inflammatory_macrophages_per_day", tgf_beta_from_inflammatory_macrophages_per_day, 0, 1000, "1/day",
         "inflammatory macrophages release some TGF-beta (Jin 2011)"),
    REAL("repair", "tgf_beta_from_repair_macrophages_per_day", tgf_beta_from_repair_macrophages_per_day, 0, 1000, "1/day",
         "repair macrophages are the main TGF-beta source (Waugh & Sherratt 2006)"),
    REAL("repair", "tgf_beta_decay_per_day", tgf_beta_decay_per_day, 0.01, 1000, "1/day",
         "TGF-beta decay 15 /day (Jin 2011)"),
    REAL("repair", "fibroblast_recruitment_per_day", fibroblast_recruitment_per_day, 0, 100, "a.u./day",
         "fibroblasts arrive ~48 h (Witte & Barbul 1997)"),
    REAL("repair", "fibroblast_proliferation_per_day", fibroblast_proliferation_per_day, 0, 100, "1/day",
         "fibroblast growth 0.924 /day (Jin 2011)"),
    REAL("repair", "fibroblast_tgf_beta_saturation", fibroblast_tgf_beta_saturation, 1e-4, 100, "a.u.",
         "calibrated: fibroblasts peak ~10 d, dominant in week 1-2 (Witte & Barbul 1997)"),
    REAL("repair", "fibroblast_capacity", fibroblast_capacity, 1e-3, 100, "a.u.",
         "logistic cap on activated fibroblasts (Jin 2011)"),
    REAL("repair", "fibroblast_removal_per_day", fibroblast_removal_per_day, 0.001, 100, "1/day",
         "fibroblast apoptosis 0.12 /day (Jin 2011), plus return to quiescence"),
    REAL("repair", "collagen_iii_synthesis_per_day", collagen_iii_synthesis_per_day, 0, 100, "1/day",
         "early repair matrix is rich in collagen III"),
    REAL("repair", "collagen_i_synthesis_per_day", collagen_i_synthesis_per_day, 0, 100, "1/day",
         "direct collagen I synthesis, a fifth of collagen III early on (III up to ~30 % of early collagen)"),

    /* [remodeling] */
    REAL("remodeling", "collagen_iii_replacement_per_day", collagen_iii_replacement_per_day, 0, 100, "1/day",
         "collagen III replaced by I over weeks to months (Dale et al.)"),
    REAL("remodeling", "crosslinking_per_day", crosslinking_per_day, 1e-4, 100, "1/day",
         "strength rises fast for ~4 weeks and slows by month 3 (Robbins)"),
    REAL("remodeling", "strength_ceiling_pct", strength_ceiling_pct, 1, 100, "%",
         "scar plateau 70-80 % (Robbins); ligament 15-35 % below normal (Frank 1995)"),
    REAL("remodeling", "matrix_degradation_per_day", matrix_degradation_per_day, 0, 10, "1/(a.u.*day)",
         "proteases of inflammatory cells; small, as mechanics were unchanged after injections (Jensen 2008)"),

    /* [phases] */
    REAL("phases", "hemostasis_half_activity", hemostasis_half_activity, 1e-6, 100, "a.u.",
         "platelets after one default injection give activity ~0.5"),
    REAL("phases", "inflammation_half_activity", inflammation_half_activity, 1e-6, 100, "a.u.",
         "inflammatory cells after one default injection give activity ~0.5"),
    REAL("phases", "repair_half_activity", repair_half_activity, 1e-6, 100, "a.u.",
         "fibroblasts after one default injection give activity ~0.5"),
    REAL("phases", "remodeling_half_activity", remodeling_half_activity, 1e-6, 100, "a.u.",
         "new collagen I after one default injection gives activity ~0.5"),
    REAL("phases", "soreness_half_max", soreness_half_max, 1e-6, 100, "a.u.",
         "soreness after an injection lasts 1-2 days (settles in 12-96 h in trials)"),

    /* [nsaid] */
    REAL("nsaid", "inhibition", nsaid_inhibition, 0, 0.95, "",
         "0 = no NSAID; 0.6 on days 1-6 of a ligament wound gives -30 % strength at day 14 (Elder 2001: -32 %)"),
    CHOICE("nsaid", "relative_to", nsaid_relative_to, nsaid_timing_names,
           "injection: a course start_days after every injection; day: courses on the days listed"),
    LIST("nsaid", "start_days", nsaid_start_days, n_nsaid_start, 0, 1e5, "day",
         "offset after each injection (one value), or the start day of each course"),
    REAL("nsaid", "duration_days", nsaid_duration_days, 0.1, 365, "day",
         "length of each course; 5-7 days is a usual post-injection course"),

    /* [steroid] */
    LIST_OR_NONE("steroid", "times_days", steroid_times_days, n_steroid_times, 0, 1e5, "day",
                 "days of corticosteroid shots; none = no steroid"),
    REAL("steroid", "dose_mg", steroid_dose_mg, 0, 200, "mg",
         "methylprednisolone acetate equivalent; 20-80 mg is usual for a joint or ligament"),
    REAL("steroid", "half_maximal_dose_mg", steroid_half_maximal_dose_mg, 0.1, 1000, "mg",
         "dose-dependent suppression of tenocyte proliferation and collagen synthesis (Wong 2003; Scutt 2006)"),
    REAL("steroid", "max_suppression", steroid_max_suppression, 0, 1, "",
         "largest fraction of recruitment, fibroblast response and collagen synthesis suppressed"),
    REAL("steroid", "half_life_days", steroid_half_life_days, 0.1, 100, "day",
         "a depot injection acts for 2-3 weeks: weaker tissue at 10 days and 3 weeks (Wiggins 1994/1995)"),
    REAL("steroid", "matrix_loss_per_day", steroid_matrix_loss_per_day, 0, 1, "1/day",
         "catabolic loss at full effect; 40 mg gives about -9 % strength (Noyes 1977: -9 to -20 % at 15 weeks)"),

    /* [patient] */
    REAL("patient", "age_years", age_years, 0, 110, "year", "40 is the reference: other ages scale the healing rates"),
    REAL("patient", "healing_loss_per_decade", healing_loss_per_decade, 0, 0.5, "1/decade",
         "slower inflammatory response and repair with age (Ashcroft 2002; Gosain & DiPietro 2004); size assumed"),

    /* [solver] */
    CHOICE("solver", "method", method, method_names, "GSL odeiv2 stepper (bench/README.md compares them)"),
    REAL("solver", "rtol", rtol, 1e-12, 1e-2, "", "relative tolerance"),
    REAL("solver", "atol", atol, 1e-15, 1e-2, "a.u.", "absolute tolerance"),
    COUNT("solver", "max_steps", max_steps, 10, 1e8, "step limit for the whole run, besides one a row of output; a run never hangs"),

    /* [output] */
    CHOICE("output", "grid", grid, grid_names,
           "linear: every step_days, and log-spaced from 1 minute to 10 days after each injury; log: log-spaced from 1 minute"),
    REAL("output", "step_days", step_days, 1e-3, 365, "day", "linear grid spacing"),
    COUNT("output", "points_per_decade", points_per_decade, 1, 1000, "density of log-spaced rows"),
    LIST("output", "checkpoints_days", checkpoints_days, n_checkpoints, 0, 3650, "day",
         "times at which summary.json reports strength"),
    REAL("output", "soreness_threshold", soreness_threshold, 0, 10, "0-10",
         "soreness counted as sore in the summary"),

    /* [figure] */
    FIG_FLAGS("figures", figures, 1, figure_names,
              "figures written by `healsim run` and `healsim plot`, or none"),
    FIG_FLAGS("formats", formats, 0, format_names,
              "file formats of each figure; the handout is always PDF"),
    FIG_COUNT("width", width_px, 64, 20000, "raster width in pixels; vector width is width x 72 / dpi points"),
    FIG_COUNT("height", height_px, 64, 20000, "raster height in pixels"),
    FIG_REAL("dpi", dpi, 18, 1200, "px/inch", "PNG pixels per inch; fixes the physical size of text and lines"),
    FIG_CHOICE("theme", theme, theme_names, "light for print and handouts, dark for projectors"),
    FIG_CHOICE("size", size, size_names,
               "slide (13.33 x 7.5 in, 20 pt), column (3.5 x 4 in, 8 pt), a4, letter (portrait, 11 pt): "
               "sets width, height (at dpi) and font_size; custom keeps them"),
    FIG_TEXT("font", font, "font family; must be installed (fonts-dejavu-core is)"),
    FIG_REAL("font_size", font_size_pt, 4, 48, "pt", "body text; titles are 1.3 x"),
    LABEL("title_phases", TITLE_PHASES, "figure title"),
    LABEL("title_phases_log", TITLE_PHASES_LOG, "figure title"),
    LABEL("title_cells", TITLE_CELLS, "figure title"),
    LABEL("title_outcome", TITLE_OUTCOME, "figure title"),
    LABEL("label_hemostasis", HEMOSTASIS, "curve name"),
    LABEL("label_inflammation", INFLAMMATION, "curve name"),
    LABEL("label_repair", REPAIR, "curve name"),
    LABEL("label_remodeling", REMODELING, "curve name"),
    LABEL("label_platelets", PLATELETS, "curve name"),
    LABEL("label_neutrophils", NEUTROPHILS, "curve name"),
    LABEL("label_macrophages", MACROPHAGES, "curve name"),
    LABEL("label_fibroblasts", FIBROBLASTS, "curve name"),
    LABEL("label_tgf_beta", TGF_BETA, "curve name"),
    LABEL("label_collagen_iii", COLLAGEN_III, "curve name"),
    LABEL("label_collagen_i", COLLAGEN_I, "curve name"),
    LABEL("label_strength", STRENGTH, "curve name"),
    LABEL("label_soreness", SORENESS, "curve name"),
    LABEL("axis_time", AXIS_TIME, "time axis; the unit word is added in parentheses"),
    LABEL("axis_log_time", AXIS_LOG_TIME, "log time axis"),
    LABEL("unit_days", DAYS, "time unit word"),
    LABEL("unit_weeks", WEEKS, "time unit word"),
    LABEL("unit_months", MONTHS, "time unit word"),
    LABEL("axis_activity", AXIS_ACTIVITY, "phase activity axis"),
    LABEL("axis_pct_peak", AXIS_PCT_PEAK, "cells axis"),
    LABEL("axis_strength", AXIS_STRENGTH, "strength axis"),
    LABEL("axis_soreness", AXIS_SORENESS, "soreness axis"),
    LABEL("note_injection", INJECTION, "name of the numbered injection markers"),
    LABEL("note_sore", SORE, "soreness window after an injection"),
    LABEL("note_healthy", HEALTHY, "the 100 % line"),
    LABEL("note_scar", SCAR, "the 70-80 % band"),
    LABEL("title_changed", CHANGED, "handout page of parameters that differ from the default"),
    LABEL("note_no_injury", NO_INJURY, "shown instead of curves when the scenario injures nothing"),
    LABEL("title_compare_outcome", TITLE_COMPARE_OUTCOME, "healsim compare: strength of every arm"),
    LABEL("title_compare_phases", TITLE_COMPARE_PHASES, "healsim compare: the stages, a panel per arm"),
    LABEL("title_compare_bars", TITLE_COMPARE_BARS, "healsim compare: strength at the end, a bar per arm"),
    LABEL("axis_end_strength", AXIS_END_STRENGTH, "healsim compare: the bar chart's axis"),
    LABEL("note_start", START, "healsim compare: the arms' common starting strength"),
    LABEL("title_sweep", TITLE_SWEEP, "healsim sweep"),
    LABEL("title_population", TITLE_POPULATION, "healsim population"),
    LABEL("title_sensitivity", TITLE_SENSITIVITY, "healsim sensitivity"),
    LABEL("axis_sensitivity", AXIS_SENSITIVITY, "healsim sensitivity: the tornado chart's axis"),
    LABEL("note_median", MEDIAN, "healsim population: the median line"),
    LABEL("note_band50", BAND50, "healsim population: the middle half of patients"),
    LABEL("note_band90", BAND90, "healsim population: 90 % of patients"),
};

const size_t healsimi_param_count = sizeof healsimi_param_table / sizeof healsimi_param_table[0];

int healsimi_param_find(const char *section, const char *key)
{
    for (size_t i = 0; i < healsimi_param_count; i++) {
        if (strcmp(healsimi_param_table[i].section, section) == 0
            && strcmp(healsimi_param_table[i].key, key) == 0)
            return (int)i;
    }
    return -1;
}

const char *healsim_method_name(healsim_method method)
{
    return (unsigned)method < HEALSIM_N_METHODS ? method_names[method] : "?";
}

int healsim_method_lookup(const char *name)
{
    for (int i = 0; method_names[i]; i++)
        if (strcmp(method_names[i], name) == 0)
            return i;
    return -1;
}

const char *healsim_figure_name(healsim_figure figure)
{
    return (unsigned)figure < HEALSIM_N_FIGURES ? figure_names[figure] : NULL;
}

const char *healsim_compare_figure_name(healsim_compare_figure figure)
{
    return (unsigned)figure < HEALSIM_N_COMPARE_FIGURES ? compare_figure_names[figure] : NULL;
}

const char *healsim_format_extension(unsigned format_bit)
{
    for (unsigned i = 0; format_names[i]; i++)
        if (format_bit == 1u << i)
            return format_names[i];
    return NULL;
}
