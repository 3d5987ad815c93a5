#!/usr/bin/env Rscript
# R + deSolve peer of healsim: the same model, the same schedule, solved with
# deSolve's lsoda, to put healsim's speed and results in context.
#
# Written from docs/MODEL.md alone (equations of section 2, injections of
# section 3, treatment factors of section 3b, parameters of section 4), not
# from the C code, so agreement with healsim is also a check that the doc
# describes what the code does.  Every value is read from params/default.ini.
# Like healsim (MODEL.md section 6), the integration stops exactly at every
# injection, the injury is added to bleeding and debris, and lsoda starts
# afresh from there (no solver history survives an injection).
#
# Modes (default: --time):
#   desolve_model.R --time [--repeats N]     in-process time of one simulation
#                   (output every output.step_days, default rtol/atol), median
#                   of N (default 50) after a warm-up, lsoda without and with
#                   the analytic Jacobian
#   desolve_model.R --csv OUT [--png FIG]    one simulation, write time_days and
#                   the 11 states (healsim's column names) to OUT; with --png,
#                   also a base-R plot of strength, 1600 x 1000 px at 200 dpi
#   desolve_model.R --check timeseries.csv   compare strength_pct with healsim's
#                   timeseries.csv at rtol 1e-10, atol 1e-13 (exit 1 if the max
#                   relative deviation exceeds --check-tol, default 1e-5)
#   desolve_model.R --sweep N [--sweep-check sweep.csv]   N one-year runs with
#                   tissue.turnover 0.2 .. 0.8 (as `healsim sweep --vary
#                   tissue.turnover=0.2:0.8:nN`), strength at the checkpoints
#                   and the end only; runs/s; optionally compare the end
#                   strengths run by run with a healsim sweep.csv
# Options: --ini FILE (default params/default.ini), --jac yes|no (the analytic
# Jacobian for --csv and --sweep; default no, lsoda's own finite differences:
# the two are within the noise of each other here, and --time and --check run
# both), --hmax H (lsoda's largest step; default 0 = none: deSolve's own
# default is the largest gap between output times), --kv (key=value lines for
# bench/run.sh).
#
# Needs R and deSolve (Debian: r-base-core r-cran-desolve).

suppressPackageStartupMessages(library(deSolve))

script_dir <- function() {
    f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
    if (length(f)) dirname(normalizePath(f[1])) else getwd()
}
DEFAULT_INI <- normalizePath(file.path(script_dir(), "..", "..", "params", "default.ini"),
                             mustWork = FALSE)
STATES <- c("bleeding", "platelets", "debris", "neutrophils", "inflammatory_macrophages",
            "repair_macrophages", "tgf_beta", "fibroblasts", "collagen_iii", "collagen_i",
            "strength_pct")

# --- parameters ------------------------------------------------------------------
# A healsim INI file (no based_on): [section] and key = value; whole-line
# comments start with # or ;, a comment after a value needs " ;".
load_params <- function(path) {
    p <- list()
    sec <- ""
    for (line in readLines(path, encoding = "UTF-8", warn = FALSE)) {
        line <- trimws(sub("[ \t];.*$", "", line))
        if (line == "" || grepl("^[#;]", line)) next
        if (grepl("^\\[.*\\]$", line)) { sec <- substr(line, 2, nchar(line) - 1); next }
        eq <- regexpr("=", line, fixed = TRUE)
        if (eq < 0) stop("bad line in ", path, ": ", line)
        key <- trimws(substr(line, 1, eq - 1))
        p[[if (sec == "") key else paste0(sec, ".", key)]] <- trimws(substr(line, eq + 1, nchar(line)))
    }
    p
}
num <- function(p, key) {
    if (is.null(p[[key]])) stop("missing parameter ", key)
    as.numeric(p[[key]])
}
num_list <- function(p, key) as.numeric(trimws(strsplit(p[[key]], ",")[[1]]))

# Injection times (days) and injuries, MODEL.md section 3:
# injury = needle_injury + irritant_injury_per_pct_ml * c * v.
schedule <- function(p) {
    unit <- if (p[["schedule.unit"]] == "weeks") 7 else 1
    if (!is.null(p[["schedule.times"]])) {
        times <- num_list(p, "schedule.times")
    } else {
        n <- num(p, "schedule.count")
        times <- if (n > 0) num(p, "schedule.start") + (seq_len(n) - 1) * num(p, "schedule.interval")
                 else numeric(0)
    }
    conc <- rep_len(num_list(p, "schedule.concentration_pct"), length(times))
    vol <- rep_len(num_list(p, "schedule.volume_ml"), length(times))
    list(t = times * unit,
         injury = num(p, "injection.needle_injury") + num(p, "injection.irritant_injury_per_pct_ml") * conc * vol)
}

# The linear output grid: every output.step_days from 0, and the span.
output_grid <- function(p) {
    span <- num(p, "schedule.span_days")
    step <- num(p, "output.step_days")
    g <- seq(0, span, by = step)
    unique(c(g[g < span * (1 - 1e-12)], span))
}

# --- the model, MODEL.md section 2 --------------------------------------------------
# Closures over plain numbers (faster in R than looking names up in a list).
# Section 3b: R = a (1 - I)(1 - E), G = a (1 - E), L = l E; this peer supports
# the patient's age (a) but no NSAID or steroid (I = E = 0, so L = 0).
make_model <- function(p) {
    if (num(p, "nsaid.inhibition") != 0 || !(p[["steroid.times_days"]] %in% c("none", "")))
        stop("desolve_model.R: NSAID and steroid treatments are not implemented")
    a <- min(max(1 - num(p, "patient.healing_loss_per_decade") * (num(p, "patient.age_years") - 40) / 10,
                 0.2), 1.5)
    Rf <- a; G <- a; L <- 0
    k_clot <- num(p, "hemostasis.clotting_rate_per_day")
    k_act <- num(p, "hemostasis.platelet_activation_per_day")
    k_plt <- num(p, "hemostasis.platelet_clearance_per_day")
    V_drain <- num(p, "inflammation.debris_drainage_per_day")
    K_clear <- num(p, "inflammation.debris_clearance_saturation")
    q_N <- num(p, "inflammation.neutrophil_phagocytosis_per_day")
    q_M <- num(p, "inflammation.macrophage_phagocytosis_per_day")
    r_N <- num(p, "inflammation.neutrophil_recruitment_per_day")
    K_N <- num(p, "inflammation.neutrophil_recruitment_saturation")
    d_N <- num(p, "inflammation.neutrophil_death_per_day")
    r_M <- num(p, "inflammation.monocyte_recruitment_per_day")
    K_NM <- num(p, "inflammation.monocyte_neutrophil_saturation")
    w_D <- num(p, "inflammation.monocyte_debris_weight")
    k_sw <- num(p, "inflammation.macrophage_switch_per_day")
    K_sw <- num(p, "inflammation.macrophage_switch_debris_inhibition")
    d_M1 <- num(p, "inflammation.inflammatory_macrophage_removal_per_day")
    d_M2 <- num(p, "inflammation.repair_macrophage_removal_per_day")
    a_P <- num(p, "repair.tgf_beta_from_platelets_per_day")
    a_M1 <- num(p, "repair.tgf_beta_from_inflammatory_macrophages_per_day")
    a_M2 <- num(p, "repair.tgf_beta_from_repair_macrophages_per_day")
    d_T <- num(p, "repair.tgf_beta_decay_per_day")
    f_rec <- num(p, "repair.fibroblast_recruitment_per_day")
    f_pro <- num(p, "repair.fibroblast_proliferation_per_day")
    K_T <- num(p, "repair.fibroblast_tgf_beta_saturation")
    F_max <- num(p, "repair.fibroblast_capacity")
    d_F <- num(p, "repair.fibroblast_removal_per_day")
    p_3 <- num(p, "repair.collagen_iii_synthesis_per_day")
    p_1 <- num(p, "repair.collagen_i_synthesis_per_day")
    k_31 <- num(p, "remodeling.collagen_iii_replacement_per_day")
    k_x <- num(p, "remodeling.crosslinking_per_day")
    S_max <- num(p, "remodeling.strength_ceiling_pct")
    k_deg <- num(p, "remodeling.matrix_degradation_per_day")
    tau <- num(p, "tissue.turnover") * G

    rhs <- function(t, y, parms) {
        B <- y[1]; P <- y[2]; D <- y[3]; N <- y[4]; M1 <- y[5]; M2 <- y[6]
        T <- y[7]; F <- y[8]; C3 <- y[9]; C1 <- y[10]; S <- y[11]
        Dp <- if (D > 0) D else 0
        Np <- if (N > 0) N else 0
        Tp <- if (T > 0) T else 0
        dsig <- Dp / (K_N + Dp)
        s <- k_sw * K_sw / (K_sw + Dp)
        list(c(
            -k_clot * B,
            k_act * B - k_plt * P,
            -(V_drain + q_N * N + q_M * (M1 + M2)) * D / (K_clear + Dp),
            Rf * r_N * dsig - d_N * N,
            Rf * r_M * (Np / (K_NM + Np) + w_D * dsig) - s * M1 - d_M1 * M1,
            s * M1 - d_M2 * M2,
            a_P * P + a_M1 * M1 + a_M2 * M2 - d_T * T,
            tau * (f_rec + f_pro * F) * Tp / (K_T + Tp) * (1 - F / F_max) - d_F * F,
            tau * p_3 * F - k_31 * C3,
            tau * p_1 * F + k_31 * C3 - k_x * C1,
            k_x * C1 * (S_max - S) - k_deg * (N + M1) * S - L * S))
    }

    # J[i, j] = d f_i / d y_j (deSolve's jactype "fullusr"), derived from the
    # equations above; x+ = max(x, 0) has derivative 0 below zero.
    J0 <- matrix(0, 11, 11)
    J0[1, 1] <- -k_clot
    J0[2, 1] <- k_act; J0[2, 2] <- -k_plt
    J0[4, 4] <- -d_N
    J0[6, 6] <- -d_M2
    J0[7, 2] <- a_P; J0[7, 5] <- a_M1; J0[7, 6] <- a_M2; J0[7, 7] <- -d_T
    J0[9, 8] <- tau * p_3; J0[9, 9] <- -k_31
    J0[10, 8] <- tau * p_1; J0[10, 9] <- k_31; J0[10, 10] <- -k_x
    jac <- function(t, y, parms) {
        D <- y[3]; N <- y[4]; M1 <- y[5]; M2 <- y[6]; T <- y[7]; F <- y[8]
        C1 <- y[10]; S <- y[11]
        on_d <- D > 0; Dp <- if (on_d) D else 0
        on_n <- N > 0; Np <- if (on_n) N else 0
        on_t <- T > 0; Tp <- if (on_t) T else 0
        J <- J0
        cap <- V_drain + q_N * N + q_M * (M1 + M2)
        sat <- D / (K_clear + Dp)
        J[3, 3] <- -cap * (if (on_d) K_clear / (K_clear + D)^2 else 1 / K_clear)
        J[3, 4] <- -q_N * sat
        J[3, 5] <- -q_M * sat; J[3, 6] <- -q_M * sat
        dsig <- if (on_d) K_N / (K_N + Dp)^2 else 0
        J[4, 3] <- Rf * r_N * dsig
        s <- k_sw * K_sw / (K_sw + Dp)
        ds <- if (on_d) -k_sw * K_sw / (K_sw + Dp)^2 else 0
        J[5, 3] <- Rf * r_M * w_D * dsig - ds * M1
        J[5, 4] <- if (on_n) Rf * r_M * K_NM / (K_NM + Np)^2 else 0
        J[5, 5] <- -s - d_M1
        J[6, 3] <- ds * M1; J[6, 5] <- s
        influx <- f_rec + f_pro * F
        room <- 1 - F / F_max
        sig_t <- Tp / (K_T + Tp)
        J[8, 7] <- if (on_t) tau * influx * K_T / (K_T + Tp)^2 * room else 0
        J[8, 8] <- tau * sig_t * (f_pro * room - influx / F_max) - d_F
        J[11, 4] <- -k_deg * S; J[11, 5] <- -k_deg * S
        J[11, 10] <- k_x * (S_max - S)
        J[11, 11] <- -k_x * C1 - k_deg * (N + M1) - L
        J
    }
    list(rhs = rhs, jac = jac)
}

initial_state <- function(p) {
    y <- numeric(11)
    y[11] <- num(p, "tissue.initial_strength_pct")
    y[1] <- y[1] + num(p, "tissue.initial_injury")
    y[3] <- y[3] + num(p, "tissue.initial_injury")
    y
}

# One simulation through the schedule: one lsoda call per segment between
# injections, the injury applied between calls.  `out_times` are the times to
# report (any order; each is reported from the segment that contains it, an
# injection time from the segment that ends there).  Returns the states at
# out_times (matrix, rows in the order of sort(unique(out_times))), the state
# at the end, and lsoda's step and evaluation counts.
simulate <- function(p, model, out_times, rtol, atol, use_jac = FALSE, hmax = 0) {
    ev <- schedule(p)
    span <- num(p, "schedule.span_days")
    keep <- ev$t < span
    bounds <- c(ev$t[keep], span)
    injuries <- c(ev$injury[keep], NA)
    out_times <- sort(unique(out_times))
    res <- matrix(NA_real_, length(out_times), 11)
    y <- initial_state(p)
    t <- 0
    steps <- 0; nfev <- 0; njev <- 0
    for (k in seq_along(bounds)) {
        t_end <- bounds[k]
        if (t_end > t) {
            sel <- which(out_times >= t & out_times <= t_end & is.na(res[, 1]))
            times <- sort(unique(c(t, out_times[sel], t_end)))
            out <- lsoda(y, times, model$rhs, NULL, rtol = rtol, atol = atol,
                         jacfunc = if (use_jac) model$jac else NULL,
                         jactype = if (use_jac) "fullusr" else "fullint",
                         tcrit = t_end, hmax = hmax, maxsteps = 100000, ynames = FALSE)
            is <- attr(out, "istate")
            if (is[1] < 0) stop(sprintf("lsoda failed at t = %g (istate %d)", t, is[1]))
            steps <- steps + is[2]; nfev <- nfev + is[3]; njev <- njev + is[14]
            if (length(sel)) res[sel, ] <- out[match(out_times[sel], times), -1, drop = FALSE]
            y <- out[nrow(out), -1]
            t <- t_end
        }
        if (!is.na(injuries[k])) { # the injection: bleeding and debris jump
            y[1] <- y[1] + injuries[k]
            y[3] <- y[3] + injuries[k]
        }
    }
    list(times = out_times, states = res, y_end = y, steps = steps, nfev = nfev, njev = njev)
}

now <- function() as.numeric(Sys.time())
kv <- function(on, ...) if (on) cat(..., "\n", sep = "")

# --- modes -----------------------------------------------------------------------------
run_time <- function(p, opt) {
    model <- make_model(p)
    grid <- output_grid(p)
    rtol <- num(p, "solver.rtol"); atol <- num(p, "solver.atol")
    cat(sprintf("%s, deSolve %s: one simulation of the default scenario, lsoda at rtol %g, atol %g, %d injections, %g days, output every %g days (%d rows), hmax %g\n",
                R.version.string, as.character(packageVersion("deSolve")), rtol, atol,
                length(schedule(p)$t), num(p, "schedule.span_days"), num(p, "output.step_days"),
                length(grid), opt$hmax))
    cat(sprintf("%-12s %7s %10s %9s %6s %6s %5s %13s\n", "method", "repeats", "median_ms", "min_ms",
                "steps", "nfev", "njev", "strength_365"))
    for (use_jac in c(FALSE, TRUE)) {
        name <- if (use_jac) "lsoda_jac" else "lsoda"
        r <- simulate(p, model, grid, rtol, atol, use_jac, opt$hmax) # warm-up
        ts <- numeric(opt$repeats)
        for (i in seq_len(opt$repeats)) {
            a <- now()
            r <- simulate(p, model, grid, rtol, atol, use_jac, opt$hmax)
            ts[i] <- now() - a
        }
        cat(sprintf("%-12s %7d %10.2f %9.2f %6d %6d %5d %13.7f\n", name, opt$repeats,
                    1e3 * median(ts), 1e3 * min(ts), r$steps, r$nfev, r$njev, r$y_end[11]))
        kv(opt$kv, sprintf("desolve_%s_median_ms=%.4f desolve_%s_min_ms=%.4f desolve_%s_steps=%d desolve_%s_nfev=%d desolve_%s_njev=%d desolve_%s_strength_end=%.9g",
                           name, 1e3 * median(ts), name, 1e3 * min(ts), name, r$steps, name, r$nfev,
                           name, r$njev, name, r$y_end[11]))
    }
    kv(opt$kv, sprintf("desolve_r_version=%s desolve_version=%s", getRversion(), packageVersion("deSolve")))
    0
}

run_csv <- function(p, opt) {
    model <- make_model(p)
    r <- simulate(p, model, output_grid(p), num(p, "solver.rtol"), num(p, "solver.atol"),
                  opt$jac, opt$hmax)
    d <- data.frame(r$times, r$states)
    names(d) <- c("time_days", STATES)
    write.csv(d, opt$csv, row.names = FALSE, quote = FALSE)
    if (!is.null(opt$png)) {
        png(opt$png, width = 1600, height = 1000, res = 200)
        plot(r$times, r$states[, 11], type = "l", lwd = 1.6, col = "#0072B2",
             xlab = "time (days)", ylab = "strength (% of healthy)",
             main = "Tissue strength (deSolve lsoda)", ylim = c(50, 105), las = 1, bty = "l")
        abline(h = 100, lty = 2)
        abline(v = schedule(p)$t, lty = 3, col = "grey50")
        invisible(dev.off())
    }
    0
}

run_check <- function(p, opt) {
    h <- read.csv(opt$check)
    model <- make_model(p)
    worst <- 0
    for (use_jac in c(FALSE, TRUE)) {
        r <- simulate(p, model, h$time_days, opt$check_rtol, opt$check_atol, use_jac, opt$hmax)
        s <- r$states[match(h$time_days, r$times), 11]
        dev <- abs(s - h$strength_pct) / abs(h$strength_pct)
        i <- which.max(dev)
        name <- if (use_jac) "lsoda_jac" else "lsoda"
        cat(sprintf("%-9s rtol %g atol %g: max rel. deviation of strength_pct from %s = %.2e (at t = %g d: deSolve %.9g, healsim %.9g); strength at day %g: deSolve %.9g, healsim %.9g\n",
                    name, opt$check_rtol, opt$check_atol, basename(opt$check), dev[i],
                    h$time_days[i], s[i], h$strength_pct[i], num(p, "schedule.span_days"),
                    r$y_end[11], h$strength_pct[nrow(h)]))
        kv(opt$kv, sprintf("check_desolve_%s_max_rel_dev=%.3e", name, dev[i]))
        worst <- max(worst, dev[i])
    }
    ok <- worst <= opt$check_tol
    cat(sprintf("check %s: max rel. deviation %.2e %s %g over %d rows\n", if (ok) "PASSED" else "FAILED",
                worst, if (ok) "<=" else ">", opt$check_tol, nrow(h)))
    kv(opt$kv, sprintf("check_desolve_max_rel_dev=%.3e", worst))
    if (ok) 0 else 1
}

run_sweep <- function(p, opt) {
    n <- opt$sweep
    values <- if (n > 1) 0.2 + 0.6 * (seq_len(n) - 1) / (n - 1) else 0.2
    cps <- if (!is.null(p[["output.checkpoints_days"]])) num_list(p, "output.checkpoints_days") else numeric(0)
    span <- num(p, "schedule.span_days")
    out_times <- c(cps[cps <= span], span)
    rtol <- num(p, "solver.rtol"); atol <- num(p, "solver.atol")
    one <- function(v) { # a run builds its model from its own parameters, as a user's loop would
        q <- p
        q[["tissue.turnover"]] <- format(v, digits = 17)
        simulate(q, make_model(q), out_times, rtol, atol, opt$jac, opt$hmax)$y_end[11]
    }
    one(values[1]) # warm-up
    ends <- numeric(n)
    per <- numeric(n)
    t0 <- now()
    for (i in seq_len(n)) {
        a <- now()
        ends[i] <- one(values[i])
        per[i] <- now() - a
    }
    total <- now() - t0
    cat(sprintf("deSolve %s lsoda%s, %d runs varying tissue.turnover (%g .. %g): %.2f s, %.1f runs/s, median %.1f ms a run; strength_end %.3f .. %.3f %%\n",
                packageVersion("deSolve"), if (opt$jac) " + Jacobian" else "", n, values[1], values[n],
                total, n / total, 1e3 * median(per), min(ends), max(ends)))
    kv(opt$kv, sprintf("desolve_sweep_n=%d desolve_sweep_total_s=%.4f desolve_sweep_runs_per_s=%.4f desolve_sweep_median_ms=%.4f",
                       n, total, n / total, 1e3 * median(per)))
    if (is.null(opt$sweep_check)) return(0)
    h <- read.csv(opt$sweep_check)
    h <- h[seq_len(min(n, nrow(h))), ]
    okrow <- h$status == "ok" & abs(h$tissue.turnover - values[seq_len(nrow(h))]) <= 1e-9
    dev <- abs(ends[seq_len(nrow(h))] - h$strength_end_pct) / abs(h$strength_end_pct)
    dev[!okrow] <- NA
    worst <- max(dev, na.rm = TRUE)
    ok <- sum(okrow) == n && worst <= opt$check_tol_sweep
    cat(sprintf("sweep check %s: strength_end_pct of %d runs, max rel. deviation from %s %.1e\n",
                if (ok) "PASSED" else "FAILED", sum(okrow), basename(opt$sweep_check), worst))
    kv(opt$kv, sprintf("desolve_sweep_check_max_rel_dev=%.3e desolve_sweep_check_runs=%d", worst, sum(okrow)))
    if (ok) 0 else 1
}

# --- command line --------------------------------------------------------------------
main <- function(argv) {
    opt <- list(ini = DEFAULT_INI, mode = "time", repeats = 50, jac = FALSE, hmax = 0, kv = FALSE,
                check_rtol = 1e-10, check_atol = 1e-13, check_tol = 1e-5, check_tol_sweep = 1e-4)
    i <- 1
    val <- function() { if (i + 1 > length(argv)) stop("missing value after ", argv[i]); argv[i + 1] }
    while (i <= length(argv)) {
        a <- argv[i]
        switch(a,
            "--time" = { opt$mode <- "time" },
            "--kv" = { opt$kv <- TRUE },
            "--repeats" = { opt$repeats <- as.integer(val()); i <- i + 1 },
            "--ini" = { opt$ini <- val(); i <- i + 1 },
            "--jac" = { opt$jac <- val() %in% c("yes", "1", "true"); i <- i + 1 },
            "--hmax" = { opt$hmax <- as.numeric(val()); i <- i + 1 },
            "--csv" = { opt$mode <- "csv"; opt$csv <- val(); i <- i + 1 },
            "--png" = { opt$png <- val(); i <- i + 1 },
            "--check" = { opt$mode <- "check"; opt$check <- val(); i <- i + 1 },
            "--check-tol" = { opt$check_tol <- as.numeric(val()); i <- i + 1 },
            "--sweep" = { opt$mode <- "sweep"; opt$sweep <- as.integer(val()); i <- i + 1 },
            "--sweep-check" = { opt$sweep_check <- val(); i <- i + 1 },
            "-h" = , "--help" = { # the comment block at the top of this file
                lines <- readLines(file.path(script_dir(), "desolve_model.R"))
                end <- which(!grepl("^#", lines))[1] - 1
                cat(sub("^# ?", "", lines[2:end]), sep = "\n")
                return(0)
            },
            stop("unknown option ", a))
        i <- i + 1
    }
    p <- load_params(opt$ini)
    switch(opt$mode, time = run_time(p, opt), csv = run_csv(p, opt), check = run_check(p, opt),
           sweep = run_sweep(p, opt))
}

quit(status = main(commandArgs(TRUE)), save = "no")
