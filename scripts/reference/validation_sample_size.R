#!/usr/bin/env Rscript
# pmvalsampsize's answers for lib/stats/validation-sample-size.ts (R 4.2 with Debian's
# r-cran-proc and r-cran-jsonlite):
#
#   Rscript scripts/reference/validation_sample_size.R --src DIR [--out PATH]
#
# pmvalsampsize (CRAN 0.1.0, Ensor; Riley et al., Stat Med 2021) is not packaged in Debian. If it
# is installed, library(pmvalsampsize) is used; otherwise DIR must hold its sources (a checkout of
# https://github.com/cran/pmvalsampsize, version 0.1.0) and R/*.R are sourced from there.
#
# Writes tests/fixtures/reference/validation_sample_size.json (or PATH): for every case, the
# inputs and pmvalsampsize(type = "b", ...)'s results table (sample size per criterion and the
# final one), SE(ln O/E) and the attained O/E CI width, SE(C), and, where asked, the net benefit
# parts (doubles the tests compare exactly are written as "%.17g" text: jsonlite keeps 15 digits). The calibration-slope criterion is simulated by pmvalsampsize (seed 123456 unless given),
# so each case also carries the population value of that criterion, the same formula with the
# expectations over the LP distribution computed by integrate() instead of a sample mean, against
# which a simulation of any RNG can be judged.
suppressPackageStartupMessages({
  library(jsonlite)
  library(pROC)
})

args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
out <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"), mustWork = TRUE)
out <- file.path(out, "validation_sample_size.json")
if ("--out" %in% args) out <- args[which(args == "--out") + 1]

if (requireNamespace("pmvalsampsize", quietly = TRUE)) {
  pmvalsampsize <- pmvalsampsize::pmvalsampsize
  source_note <- paste("pmvalsampsize", packageVersion("pmvalsampsize"), "(installed)")
} else {
  if (!("--src" %in% args)) stop("pmvalsampsize is not installed: give --src DIR, a checkout of github.com/cran/pmvalsampsize")
  src <- args[which(args == "--src") + 1]
  for (f in c("pmvalsampsize.R", "pmvalsampsize_bin.R", "pmvalsampsize_errorcheck.R")) source(file.path(src, "R", f))
  desc <- read.dcf(file.path(src, "DESCRIPTION"))
  source_note <- paste0("pmvalsampsize ", desc[1, "Version"], " (its R sources, github.com/cran/pmvalsampsize)")
}

se_slope_target <- function(csciwidth) csciwidth / (2 * 1.96)

# Population value of criterion 2: n = I00 / (se^2 (I00 I11 - I01^2)), I_jk = E[LP^(j+k) p (1 - p)].
slope_population <- function(moment, csciwidth) {
  i00 <- moment(0); i01 <- moment(1); i11 <- moment(2)
  list(i00 = i00, i01 = i01, i11 = i11, n = i00 / (se_slope_target(csciwidth)^2 * (i00 * i11 - i01^2)))
}
normal_moment <- function(m, s) function(k) integrate(function(x) { p <- plogis(x); x^k * p * (1 - p) * dnorm(x, m, s) }, -Inf, Inf, rel.tol = 1e-12)$value
beta_moment <- function(a, b) function(k) integrate(function(p) qlogis(p)^k * p * (1 - p) * dbeta(p, a, b), 0, 1, rel.tol = 1e-12)$value
# lpcstat: non-events LP ~ N(m2, v), events LP ~ N(m2 + v, v), v = 2 qnorm(C)^2, mixed in proportion prevalence.
cstat_density <- function(m2, cstat, prev) {
  v <- 2 * qnorm(cstat)^2
  function(x) (1 - prev) * dnorm(x, m2, sqrt(v)) + prev * dnorm(x, m2 + v, sqrt(v))
}
cstat_moment <- function(m2, cstat, prev) {
  d <- cstat_density(m2, cstat, prev)
  function(k) integrate(function(x) { p <- plogis(x); x^k * p * (1 - p) * d(x) }, -Inf, Inf, rel.tol = 1e-12)$value
}

cases <- list(
  list(name = "package test 4.1 (normal LP)", args = list(prevalence = 0.018, cstatistic = 0.8, lpnormal = c(-5, 2.5), oeciwidth = 1, simobs = 1000)),
  list(name = "package test 4.1 at the default simobs", args = list(prevalence = 0.018, cstatistic = 0.8, lpnormal = c(-5, 2.5), oeciwidth = 1)),
  list(name = "package test 4.2 (beta P)", args = list(prevalence = 0.018, cstatistic = 0.8, lpbeta = c(0.5, 0.5), oeciwidth = 1, simobs = 1000)),
  list(name = "package test 4.2 at the default simobs", args = list(prevalence = 0.018, cstatistic = 0.8, lpbeta = c(0.5, 0.5), oeciwidth = 1)),
  list(name = "package test 4.3 (lpcstat)", args = list(prevalence = 0.018, cstatistic = 0.8, lpcstat = -4.7, oeciwidth = 1, seed = 1234, simobs = 10000)),
  list(name = "package test 4.3 at the default simobs", args = list(prevalence = 0.018, cstatistic = 0.8, lpcstat = -4.7, oeciwidth = 1)),
  list(name = "default widths", args = list(prevalence = 0.1, cstatistic = 0.75, lpnormal = c(-2.5, 1.2))),
  list(name = "beta P, other widths", args = list(prevalence = 0.3, cstatistic = 0.7, lpbeta = c(2, 5), oeciwidth = 0.3, csciwidth = 0.3, cstatciwidth = 0.05)),
  list(name = "O/E 0.8, narrow C width", args = list(prevalence = 0.05, cstatistic = 0.9, oe = 0.8, lpnormal = c(-4, 2), oeciwidth = 0.4, cstatciwidth = 0.05)),
  list(name = "net benefit, sensitivity and specificity given", args = list(prevalence = 0.018, cstatistic = 0.8, lpnormal = c(-5, 2.5), oeciwidth = 1, sensitivity = 0.7, specificity = 0.85, threshold = 0.05)),
  list(name = "net benefit, threshold only", args = list(prevalence = 0.018, cstatistic = 0.8, lpnormal = c(-5, 2.5), oeciwidth = 1, threshold = 0.05)),
  list(name = "net benefit, wide CI", args = list(prevalence = 0.2, cstatistic = 0.75, lpnormal = c(-1.8, 1.1), sensitivity = 0.6, specificity = 0.75, threshold = 0.15, nbciwidth = 0.3))
)

num <- function(x) if (is.null(x)) NULL else unname(as.numeric(x))
# jsonlite writes at most 15 significant digits; doubles the tests compare exactly go as "%.17g" text.
exact <- function(x) sprintf("%.17g", x)

results <- lapply(cases, function(cs) {
  a <- cs$args
  r <- suppressMessages(do.call(pmvalsampsize, c(list(type = "b"), a)))
  csciwidth <- if (is.null(a$csciwidth)) 0.2 else a$csciwidth
  pop <- if (!is.null(a$lpnormal)) {
    slope_population(normal_moment(a$lpnormal[1], a$lpnormal[2]), csciwidth)
  } else if (!is.null(a$lpbeta)) {
    slope_population(beta_moment(a$lpbeta[1], a$lpbeta[2]), csciwidth)
  } else {
    # The search starts at lpcstat and moves by 0.1 only while the simulated prevalence is off by
    # more than 0.0005; at lpcstat = -4.7 the population prevalence is 0.01813, so it stays there.
    slope_population(cstat_moment(a$lpcstat, a$cstatistic, a$prevalence), csciwidth)
  }
  res <- list(
    name = cs$name,
    args = a,
    n = num(r$results_table[, 1]),
    sampleSize = r$sample_size,
    events = r$events,
    seOe = exact(r$se_oe),
    widthOe = exact(r$width_oe),
    seCslope = exact(r$se_cslope),
    seCstat = exact(r$se_cstat),
    slopePopulation = pop
  )
  if (!is.null(a$lpcstat)) {
    res$lpcstatPrevalence <- integrate(function(x) plogis(x) * cstat_density(a$lpcstat, a$cstatistic, a$prevalence)(x), -Inf, Inf, rel.tol = 1e-12)$value
    res$simulatedCstatistic <- num(r$simulated_data_cstat)
  }
  if (!is.null(r$standardised_nb)) {
    res$netBenefit <- list(sensitivity = r$sensitivity, specificity = r$specificity, netBenefit = exact(r$net_benefit), standardised = exact(r$standardised_nb), se = r$se_st_nb)
    if (is.null(a$sensitivity)) {
      # Population sensitivity and specificity of "risk >= threshold" when the LP is calibrated.
      m <- a$lpnormal[1]; s <- a$lpnormal[2]; t <- qlogis(a$threshold)
      f <- function(lo, hi, g) integrate(function(x) g(plogis(x)) * dnorm(x, m, s), lo, hi, rel.tol = 1e-12)$value
      ev <- f(-Inf, Inf, identity)
      res$netBenefit$populationSensitivity <- f(t, Inf, identity) / ev
      res$netBenefit$populationSpecificity <- f(-Inf, t, function(p) 1 - p) / (1 - ev)
    }
  }
  res
})

write_json(list(source = source_note, rVersion = R.version.string, cases = results), out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
cat("wrote", out, "\n")
