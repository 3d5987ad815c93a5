/*
** healsim/params.h — the parameter set of one simulation, and how it is loaded.
**
** A parameter set is a plain value struct: copy it, change a field, run it.
** It is filled from INI text in layers: the built-in default (params/default.ini,
** compiled into the library), then a file or built-in preset and the files
** it names with `based_on`, then `--set section.key=value` overrides.  The
** [figure] section, which only says how results are drawn, is loaded by the
** same loader into a struct of its own, healsim_figure_config.  Every value is checked
** against its documented range when it is read, and the whole set is checked
** for consistency (schedule inside the simulated span, list lengths) at the end
** of loading, so a set that loads is a set that can be simulated.
**
** Errors come back as a status code and a healsim_diag naming the file, line
** and column of the offending text.  Nothing here prints or exits.
*/
#ifndef HEALSIM_PARAMS_H
#define HEALSIM_PARAMS_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by every healsim function that can fail. */
typedef enum healsim_status {
    HEALSIM_OK = 0,          /* success */
    HEALSIM_ERR_INPUT = 2,   /* bad parameter file, value or option */
    HEALSIM_ERR_SOLVER = 3,  /* the ODE solver failed or hit its step limit */
    HEALSIM_ERR_IO = 4,      /* a file could not be read or written */
    HEALSIM_ERR_NOMEM = 5    /* out of memory */
} healsim_status;

/* Where a problem was found and what it is.  `line` and `column` are 1-based;
** 0 means "not applicable" (a --set argument, a whole-file problem). */
typedef struct healsim_diag {
    char file[512];     /* file name, or "--set" for a command-line override */
    int line;           /* line in `file`, 0 if none */
    int column;         /* column in that line, 0 if none */
    char message[1024]; /* what is wrong, in words a user can act on */
    int override;       /* 1-based: overrides[override - 1] is at fault; 0 if none */
} healsim_diag;

/* Fill *d: file (NULL or "" for none), line and column (0 or less for
** none), and the message from a printf format.  Clears d->override.  Text
** longer than a field holds is cut; d may not be NULL. */
void healsim_diag_set(healsim_diag *d, const char *file, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Word *d as "file:line:col: error: message" into buf, leaving out each
** part that is absent (an empty file, a line or column of 0; the column
** only follows a line): "error: message" when none is known.  buf is always
** terminated when size > 0 (buf may be NULL when size is 0).  Returns the
** length of the whole text, as snprintf does: size or more means it was cut. */
int healsim_diag_format(const healsim_diag *d, char *buf, size_t size);

#define HEALSIM_MAX_INJECTIONS 100 /* most injections one schedule may hold */
#define HEALSIM_MAX_CHECKPOINTS 64 /* most outcome checkpoints */
#define HEALSIM_MAX_TEXT 160       /* longest free-text value (titles) */
#define HEALSIM_MAX_ARMS 8         /* most arms one comparison holds (healsim compare) */

typedef enum healsim_time_unit {
    HEALSIM_UNIT_DAYS = 0,
    HEALSIM_UNIT_WEEKS = 1
} healsim_time_unit;

typedef enum healsim_nsaid_timing {
    HEALSIM_NSAID_AFTER_INJECTION = 0, /* a course after every injection, start_days after it */
    HEALSIM_NSAID_ON_DAYS = 1          /* courses starting on the days listed in start_days */
} healsim_nsaid_timing;

/* The two ways a schedule gives its injections.  Only the fields of the
** form in use are read; the loader sets the form from the keys a file or
** override sets (times, or start/interval/count); a program filling the
** struct by hand sets it itself. */
typedef enum healsim_schedule_form {
    HEALSIM_SCHEDULE_REGULAR = 0, /* count injections, from start, every interval */
    HEALSIM_SCHEDULE_TIMES = 1    /* the n_times injections listed in times */
} healsim_schedule_form;

typedef enum healsim_grid {
    HEALSIM_GRID_LINEAR = 0, /* rows every output.step_days */
    HEALSIM_GRID_LOG = 1     /* rows log-spaced from 1 minute to the span */
} healsim_grid;

/* ODE steppers of GSL's odeiv2 that healsim offers, by their GSL names.
** GSL's bsimp is not offered: after an injection its first step is rejected
** down to the resolution of t on this model (GSL 2.7.1; see bench/README.md). */
typedef enum healsim_method {
    HEALSIM_METHOD_RK2 = 0,
    HEALSIM_METHOD_RK4,
    HEALSIM_METHOD_RKF45,
    HEALSIM_METHOD_RKCK,
    HEALSIM_METHOD_RK8PD,
    HEALSIM_METHOD_RK1IMP,
    HEALSIM_METHOD_RK2IMP,
    HEALSIM_METHOD_RK4IMP,
    HEALSIM_METHOD_MSADAMS,
    HEALSIM_METHOD_MSBDF,
    HEALSIM_N_METHODS
} healsim_method;

/* Figure file formats, a bit each (figure.formats). */
#define HEALSIM_FORMAT_PNG 1u
#define HEALSIM_FORMAT_SVG 2u
#define HEALSIM_FORMAT_PDF 4u

/* The figures `healsim run` and `healsim plot` can draw, a bit each
** (figure.figures); HEALSIM_FIGURE_BIT(HEALSIM_FIGURE_CELLS) selects one. */
typedef enum healsim_figure {
    HEALSIM_FIGURE_PHASES = 0,  /* phase activities over the span */
    HEALSIM_FIGURE_PHASES_LOG,  /* the same on a log time axis, 1 hour to the span */
    HEALSIM_FIGURE_CELLS,       /* cells and matrix, % of own peak */
    HEALSIM_FIGURE_OUTCOME,     /* strength and soreness */
    HEALSIM_FIGURE_OVERVIEW,    /* panels A-C on one slide */
    HEALSIM_FIGURE_HANDOUT,     /* multi-page PDF: every figure and the changed parameters */
    HEALSIM_N_FIGURES
} healsim_figure;
#define HEALSIM_FIGURE_BIT(f) (1u << (unsigned)(f))

/* The figures `healsim compare` draws. */
typedef enum healsim_compare_figure {
    HEALSIM_COMPARE_OUTCOME = 0, /* strength over time, one curve per arm */
    HEALSIM_COMPARE_PHASES,      /* phase activities, small multiples, one panel per arm, shared axes */
    HEALSIM_COMPARE_BARS,        /* strength at the end per arm, values printed on the bars */
    HEALSIM_N_COMPARE_FIGURES
} healsim_compare_figure;

/* File name stem of a figure ("phases-log"), as figure.figures spells it;
** NULL if out of range.  Static strings. */
const char *healsim_figure_name(healsim_figure figure);

/* File name stem of a comparison figure: "compare-outcome",
** "compare-phases", "compare-bars"; NULL if out of range. */
const char *healsim_compare_figure_name(healsim_compare_figure figure);

/* File name extension of one HEALSIM_FORMAT_* bit: "png", "svg", "pdf";
** NULL for anything else (0, or more than one bit). */
const char *healsim_format_extension(unsigned format_bit);

typedef enum healsim_theme {
    HEALSIM_THEME_LIGHT = 0, /* dark ink on white: print, handouts */
    HEALSIM_THEME_DARK = 1   /* light ink on near-black: projectors */
} healsim_theme;

/* A page size and body text size for a use (figure.size, --size): the
** page in inches, so the pixels follow figure.dpi, and the body text in
** points.  HEALSIM_SIZE_CUSTOM leaves width, height and font_size as set. */
typedef enum healsim_figure_size {
    HEALSIM_SIZE_CUSTOM = 0, /* width, height and font_size as given */
    HEALSIM_SIZE_SLIDE = 1,  /* 16:9, 13.33 x 7.5 in, 20 pt: >= 18 pt text when projected */
    HEALSIM_SIZE_COLUMN = 2, /* a journal column, 3.5 x 4 in, 8 pt (no text under 7 pt) */
    HEALSIM_SIZE_A4 = 3,     /* A4 portrait, 210 x 297 mm, 11 pt */
    HEALSIM_SIZE_LETTER = 4  /* US Letter portrait, 8.5 x 11 in, 11 pt */
} healsim_figure_size;

/* Every word a figure shows, so a teacher can relabel it (figure.label_*,
** figure.title_*, figure.axis_*, figure.note_*). */
typedef enum healsim_text {
    HEALSIM_TEXT_TITLE_PHASES = 0,
    HEALSIM_TEXT_TITLE_PHASES_LOG,
    HEALSIM_TEXT_TITLE_CELLS,
    HEALSIM_TEXT_TITLE_OUTCOME,
    HEALSIM_TEXT_HEMOSTASIS,
    HEALSIM_TEXT_INFLAMMATION,
    HEALSIM_TEXT_REPAIR,
    HEALSIM_TEXT_REMODELING,
    HEALSIM_TEXT_PLATELETS,
    HEALSIM_TEXT_NEUTROPHILS,
    HEALSIM_TEXT_MACROPHAGES,
    HEALSIM_TEXT_FIBROBLASTS,
    HEALSIM_TEXT_TGF_BETA,
    HEALSIM_TEXT_COLLAGEN_III,
    HEALSIM_TEXT_COLLAGEN_I,
    HEALSIM_TEXT_STRENGTH,
    HEALSIM_TEXT_SORENESS,
    HEALSIM_TEXT_AXIS_TIME,        /* "Time" — the unit is appended: "Time (weeks)" */
    HEALSIM_TEXT_AXIS_LOG_TIME,    /* "Time since the first injury (log scale)" */
    HEALSIM_TEXT_DAYS,
    HEALSIM_TEXT_WEEKS,
    HEALSIM_TEXT_MONTHS,
    HEALSIM_TEXT_AXIS_ACTIVITY,    /* phase activity, % */
    HEALSIM_TEXT_AXIS_PCT_PEAK,
    HEALSIM_TEXT_AXIS_STRENGTH,
    HEALSIM_TEXT_AXIS_SORENESS,
    HEALSIM_TEXT_INJECTION,        /* "Injection" — key entry for the numbered markers */
    HEALSIM_TEXT_SORE,             /* "sore" — the soreness window after an injection */
    HEALSIM_TEXT_HEALTHY,          /* "healthy tissue" line */
    HEALSIM_TEXT_SCAR,             /* "scar plateau" band */
    HEALSIM_TEXT_CHANGED,          /* handout: title of the changed-parameters page */
    HEALSIM_TEXT_NO_INJURY,        /* shown in place of curves when nothing was injured */
    HEALSIM_TEXT_TITLE_COMPARE_OUTCOME, /* healsim compare: strength of every arm */
    HEALSIM_TEXT_TITLE_COMPARE_PHASES,  /* healsim compare: phases, one small panel per arm */
    HEALSIM_TEXT_TITLE_COMPARE_BARS,    /* healsim compare: end-point strength per arm */
    HEALSIM_TEXT_AXIS_END_STRENGTH,     /* bar axis: strength at the end of the span */
    HEALSIM_TEXT_START,                 /* bar chart: the arms' common starting strength */
    HEALSIM_TEXT_TITLE_SWEEP,           /* healsim sweep */
    HEALSIM_TEXT_TITLE_POPULATION,      /* healsim population */
    HEALSIM_TEXT_TITLE_SENSITIVITY,     /* healsim sensitivity: the tornado chart */
    HEALSIM_TEXT_AXIS_SENSITIVITY,      /* its axis */
    HEALSIM_TEXT_MEDIAN,                /* population: the median line */
    HEALSIM_TEXT_BAND50,                /* population: the middle 50 % band */
    HEALSIM_TEXT_BAND90,                /* population: the middle 90 % band */
    HEALSIM_N_TEXTS
} healsim_text;

/* One complete parameter set.  Units are in the field names; docs/MODEL.md
** gives every equation they enter, their ranges and their sources. */
typedef struct healsim_params {
    /* [hemostasis] */
    double clotting_rate_per_day;          /* decay of the bleeding signal as the clot closes the wound */
    double platelet_activation_per_day;    /* platelets activated per unit bleeding per day */
    double platelet_clearance_per_day;     /* activated platelets degranulate and are cleared */

    /* [inflammation] */
    double debris_drainage_per_day;        /* non-cellular (lymphatic) debris clearance, a.u./day at saturation */
    double debris_clearance_saturation;    /* debris level (a.u.) at which clearance runs at half its maximum */
    double neutrophil_phagocytosis_per_day;  /* debris cleared per unit neutrophils per day at saturation */
    double macrophage_phagocytosis_per_day;  /* debris cleared per unit macrophages per day at saturation */
    double neutrophil_recruitment_per_day; /* maximal neutrophil influx, a.u./day */
    double neutrophil_recruitment_saturation; /* debris (a.u.) giving half-maximal neutrophil influx */
    double neutrophil_death_per_day;       /* neutrophil apoptosis in tissue */
    double monocyte_recruitment_per_day;   /* maximal monocyte influx (becoming inflammatory macrophages), a.u./day */
    double monocyte_neutrophil_saturation; /* neutrophils (a.u.) giving half-maximal neutrophil-driven influx */
    double monocyte_debris_weight;         /* weight of debris-driven relative to neutrophil-driven influx */
    double macrophage_switch_per_day;      /* inflammatory -> repair macrophage switch when debris is gone */
    double macrophage_switch_debris_inhibition; /* debris (a.u.) that halves the switch rate */
    double inflammatory_macrophage_removal_per_day; /* emigration and death of inflammatory macrophages */
    double repair_macrophage_removal_per_day;       /* emigration and death of repair macrophages */

    /* [repair] */
    double tgf_beta_from_platelets_per_day;   /* TGF-beta released per unit platelets per day */
    double tgf_beta_from_inflammatory_macrophages_per_day;
    double tgf_beta_from_repair_macrophages_per_day;
    double tgf_beta_decay_per_day;            /* TGF-beta removal */
    double fibroblast_recruitment_per_day;    /* fibroblast influx at saturating TGF-beta, a.u./day */
    double fibroblast_proliferation_per_day;  /* fibroblast division at saturating TGF-beta */
    double fibroblast_tgf_beta_saturation;    /* TGF-beta (a.u.) giving half-maximal fibroblast response */
    double fibroblast_capacity;               /* most activated fibroblasts the site holds, a.u. */
    double fibroblast_removal_per_day;        /* fibroblast apoptosis and return to quiescence */
    double collagen_iii_synthesis_per_day;    /* collagen III laid down per unit fibroblasts per day */
    double collagen_i_synthesis_per_day;      /* collagen I laid down per unit fibroblasts per day */

    /* [remodeling] */
    double collagen_iii_replacement_per_day;  /* collagen III replaced by collagen I */
    double crosslinking_per_day;              /* new collagen I cross-linked into load-bearing matrix */
    double strength_ceiling_pct;              /* strength the repaired matrix tends to, % of healthy */
    double matrix_degradation_per_day;        /* strength lost per unit inflammatory cells per day */

    /* [nsaid] — an anti-inflammatory course (docs/MODEL.md, "Treatments") */
    double nsaid_inhibition;           /* fraction of inflammatory-cell recruitment blocked while taken; 0 = none */
    healsim_nsaid_timing nsaid_relative_to; /* courses after each injection, or on given days */
    double nsaid_start_days[HEALSIM_MAX_INJECTIONS]; /* one offset after each injection, or course start days */
    size_t n_nsaid_start;
    double nsaid_duration_days;        /* length of each course */

    /* [steroid] — corticosteroid injections */
    double steroid_times_days[HEALSIM_MAX_INJECTIONS]; /* days of the shots; none by default */
    size_t n_steroid_times;
    double steroid_dose_mg;            /* methylprednisolone-acetate equivalent per shot */
    double steroid_half_maximal_dose_mg; /* dose giving half the maximal suppression */
    double steroid_max_suppression;    /* largest fraction of inflammation and repair suppressed */
    double steroid_half_life_days;     /* half-life of the depot's effect */
    double steroid_matrix_loss_per_day; /* strength lost per day at full suppression, fraction of S */

    /* [patient] */
    double age_years;                  /* the patient's age; 40 is the model's reference */
    double healing_loss_per_decade;    /* healing rate lost per decade above 40 (gained below) */

    /* [tissue] */
    double initial_strength_pct;   /* strength of the site at time 0, % of healthy */
    double initial_injury;         /* injury present at time 0, a.u. (1 = a full acute wound) */
    double turnover;               /* healing capacity of the tissue, relative to skin (1) */

    /* [injection] */
    double needle_injury;          /* injury from the needle alone, a.u. */
    double irritant_injury_per_pct_ml; /* added injury per % concentration per mL injected */

    /* [phases] — how the phase activities are read off the states */
    double hemostasis_half_activity;   /* platelets (a.u.) at hemostasis activity 0.5 */
    double inflammation_half_activity; /* neutrophils + inflammatory macrophages at activity 0.5 */
    double repair_half_activity;       /* fibroblasts at activity 0.5 */
    double remodeling_half_activity;   /* new collagen I at activity 0.5 */
    double soreness_half_max;          /* inflammatory cells at soreness 5 of 10 */

    /* [schedule] */
    healsim_time_unit schedule_unit;   /* unit of times, start and interval */
    healsim_schedule_form schedule_form; /* which fields below give the injections */
    double times[HEALSIM_MAX_INJECTIONS]; /* injection times in schedule_unit (explicit form) */
    size_t n_times;
    double start;                      /* first injection, schedule_unit (regular form) */
    double interval;                   /* between injections, schedule_unit (regular form) */
    size_t count;                      /* number of injections (regular form); 0 = no injections */
    double concentration_pct[HEALSIM_MAX_INJECTIONS]; /* irritant concentration: one value for all, or one per injection */
    size_t n_concentration;
    double volume_ml[HEALSIM_MAX_INJECTIONS];         /* injected volume: one for all, or one per injection */
    size_t n_volume;
    double span_days;                  /* simulated time */

    /* [solver] */
    healsim_method method;             /* GSL stepper */
    double rtol;                       /* relative tolerance */
    double atol;                       /* absolute tolerance, a.u. */
    size_t max_steps;                  /* step limit for the whole run */

    /* [output] */
    healsim_grid grid;                 /* linear or logarithmic output times */
    double step_days;                  /* linear grid spacing */
    size_t points_per_decade;          /* logarithmic grid density */
    double checkpoints_days[HEALSIM_MAX_CHECKPOINTS]; /* times at which the outcome is reported */
    size_t n_checkpoints;
    double soreness_threshold;         /* soreness (0-10) counted as "sore" */
    char title[HEALSIM_MAX_TEXT];      /* scenario title for outputs and figures */

} healsim_params;

/* How results are drawn: the [figure] section of a parameter file, loaded
** with the scenario by healsim_params_load but kept apart from it, since
** the simulation never reads it.  A plain value struct like healsim_params. */
typedef struct healsim_figure_config {
    unsigned figures;                  /* HEALSIM_FIGURE_BIT set; 0 = no figures */
    unsigned formats;                  /* HEALSIM_FORMAT_* set, at least one */
    size_t width_px;                   /* raster width; vector size is width_px * 72 / dpi points */
    size_t height_px;                  /* raster height */
    double dpi;                        /* pixels per inch of PNG output */
    healsim_theme theme;               /* light or dark */
    healsim_figure_size size;          /* a size preset: sets width, height and font_size on load */
    char font[HEALSIM_MAX_TEXT];       /* font family, as fontconfig names it */
    double font_size_pt;               /* body text size; titles are larger */
    char text[HEALSIM_N_TEXTS][HEALSIM_MAX_TEXT]; /* every word a figure shows */
} healsim_figure_config;

/* Load a parameter set: the built-in default, then `path` (NULL for none) and
** the files it builds on, then each of the `n_overrides` strings of the form
** "section.key=value".  A `path` that is no existing file but names a
** built-in preset ("ligament-prolotherapy", "ligament-prolotherapy.ini";
** healsim/presets.h) loads that preset.  `based_on = X` in a file names the
** file X next to it, else the preset X; in a preset, only a preset.
** The [figure] section goes into *figure; with figure NULL its keys are
** still read and checked, and dropped.  Returns HEALSIM_OK and fills
** *params (and *figure), or an error status with *diag describing the first
** problem (params and figure are then unspecified): a preset's text is
** named "NAME.ini (built in)".  diag may not be NULL. */
int healsim_params_load(const char *path, const char *const *overrides,
                        size_t n_overrides, healsim_params *params,
                        healsim_figure_config *figure, healsim_diag *diag);

/* Where the value of `name` ("section.key") was last set in the set that
** healsim_params_load(path, overrides, n_overrides) gives: *where gets the
** file, line and column of that layer ("--set" for an override; the
** built-in default otherwise).  For messages about a value found wrong
** after loading (a font that is not installed).  Returns HEALSIM_OK;
** HEALSIM_ERR_INPUT for an unknown name (*where has only the message), or
** the load's error with *where describing it; HEALSIM_ERR_NOMEM. */
int healsim_params_where(const char *path, const char *const *overrides, size_t n_overrides,
                         const char *name, healsim_diag *where);

/* Set one value by its "section.key" name from text, as --set does, without
** the consistency check (call healsim_params_check after a batch of sets).
** A figure.* value goes into *figure; with figure NULL it is checked and
** dropped.  Returns HEALSIM_OK or HEALSIM_ERR_INPUT with *diag (diag->file
** is "--set"); on error nothing is changed but part of a list. */
int healsim_params_set(healsim_params *params, healsim_figure_config *figure, const char *name,
                       const char *value, healsim_diag *diag);

/* Check that a set can be simulated: every value against its row of the
** parameter table (a finite number in range, a known enum value, a list no
** longer than its array, a terminated text), a known schedule_form, and
** the rules across fields (schedule increasing and inside the span, list
** lengths matching the injections, courses not overlapping).  A set that
** passes always simulates; healsim_simulate calls this first.  Returns
** HEALSIM_OK, or HEALSIM_ERR_INPUT with *diag naming the key as
** "section.key" (diag->file is "parameters": a set has no file). */
int healsim_params_check(const healsim_params *params, healsim_diag *diag);

/* Check a figure configuration: every value in its range and choices, a
** page of at most 64 million pixels.  Whether the font is installed and the
** page holds its text is for the figure code (healsim_figure_check_font,
** healsim_figure_check_size).  Returns HEALSIM_OK or HEALSIM_ERR_INPUT
** with *diag naming the key ("figure.dpi"). */
int healsim_figure_config_check(const healsim_figure_config *figure, healsim_diag *diag);

/* Write the fully resolved set, and figure (NULL: the built-in [figure]
** section), as an INI file that loads back to the same values bit for bit.
** Returns HEALSIM_OK, HEALSIM_ERR_IO (out reported an error) or
** HEALSIM_ERR_NOMEM. */
int healsim_params_write(const healsim_params *params, const healsim_figure_config *figure, FILE *out);

/* Describe every parameter (section, key, value, unit, range, source) as a
** text table (markdown = 0), for `healsim params`, or as a Markdown table
** (markdown = 1), as the docs include it; the [figure] values from figure
** (NULL: the built-in ones).  Returns HEALSIM_OK, HEALSIM_ERR_IO or
** HEALSIM_ERR_NOMEM. */
int healsim_params_describe(const healsim_params *params, const healsim_figure_config *figure,
                            int markdown, FILE *out);

/* One line stating the scenario — tissue, schedule, doses, span — for a
** figure caption, into buf (size > 0; always terminated, cut to fit).
** Returns HEALSIM_OK, or HEALSIM_ERR_NOMEM / HEALSIM_ERR_IO if the line
** could not be formatted. */
int healsim_params_caption(const healsim_params *params, char *buf, size_t size);

/* Write a line "section.key = value   (default: x)" for every parameter
** whose value differs from the built-in default, [figure] values of figure
** included (NULL: none of them).  Returns HEALSIM_OK, HEALSIM_ERR_IO or
** HEALSIM_ERR_NOMEM. */
int healsim_params_write_changed(const healsim_params *params, const healsim_figure_config *figure,
                                 FILE *out);

/* The text of the built-in default parameter file (params/default.ini), a
** static string (never NULL; do not free); healsim_preset_text("default"). */
const char *healsim_params_default_text(void);

/* Name of a GSL stepper ("msbdf"), a static string; "?" for a value that
** is no healsim_method.  And back: the healsim_method of a name, or -1 if
** unknown. */
const char *healsim_method_name(healsim_method method);
int healsim_method_lookup(const char *name);

#ifdef __cplusplus
}
#endif
#endif
