#!/usr/bin/env Rscript
# R answers for the validation fixtures (Debian's r-base-core, r-cran-proc, r-cran-rms,
# r-cran-jsonlite):
#
#   Rscript scripts/reference/validation_reference.R [--out PATH] [--skip-simulation]
#
# Reads tests/fixtures/reference/validation_cases.json (written by make_validation_fixtures.py)
# and writes tests/fixtures/reference/validation_r.json (or PATH):
# - pROC: auc, var(method = "delong") and ci.auc(method = "delong") for every score case, with
#   controls = label 0, cases = label 1, direction "<" (higher score = label 1);
# - rms::val.prob: Brier, Intercept and Slope (logistic recalibration), Emax, E90, Eavg (lowess
#   with iter = 0) for every probability case; E50 = median of the same |p - smooth| vector;
#   the calibration intercept with the slope fixed at 1 (glm with offset); Austin & Steyerberg's
#   ICI with loess (span 0.75, degree 2) to measure how much the smoother choice moves ICI;
# - pmsampsize's C statistic -> R2 (Cox-Snell) simulation (1e6 patients, seed 123456, glm),
#   re-implemented because pmsampsize is not packaged in Debian (skipped by --skip-simulation:
#   it takes a minute; the unit test that re-runs this script skips it).
suppressPackageStartupMessages({
  library(jsonlite)
  library(pROC)
  library(rms)
})

args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
fixtures <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"))
out <- file.path(fixtures, "validation_r.json")
if ("--out" %in% args) out <- args[which(args == "--out") + 1]
simulate <- !("--skip-simulation" %in% args)

cases <- fromJSON(file.path(fixtures, "validation_cases.json"), simplifyVector = TRUE)

discrimination <- lapply(cases$scores, function(cs) {
  r <- roc(cs$y, cs$score, levels = c(0, 1), direction = "<", quiet = TRUE)
  ci <- ci.auc(r, method = "delong", conf.level = 0.95)
  list(auc = as.numeric(auc(r)), variance = var(r, method = "delong"), ciLow = ci[1], ciHigh = ci[3])
})

calibration <- lapply(cases$probabilities, function(pc) {
  p <- pc$p
  y <- pc$y
  v <- val.prob(p, y, pl = FALSE)
  Sm <- lowess(p, y, iter = 0)
  smooth <- approx(Sm, xout = p, ties = mean)$y
  er <- abs(p - smooth)
  fixed <- glm(y ~ 1, offset = qlogis(p), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  recal <- glm(y ~ qlogis(p), family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
  lo <- loess(y ~ p, span = 0.75, degree = 2)
  list(
    brier = unname(v["Brier"]),
    valProbIntercept = unname(v["Intercept"]),
    valProbSlope = unname(v["Slope"]),
    emax = unname(v["Emax"]),
    e90 = unname(v["E90"]),
    eavg = unname(v["Eavg"]),
    e50 = median(er),
    smooth = smooth,
    intercept = unname(coef(fixed)[1]),
    recalibrationIntercept = unname(coef(recal)[1]),
    slope = unname(coef(recal)[2]),
    iciLoess = mean(abs(p - predict(lo)))
  )
})

result <- list(
  about = "R answers for validation_cases.json; see scripts/reference/validation_reference.R.",
  versions = list(R = R.version.string, pROC = as.character(packageVersion("pROC")), rms = as.character(packageVersion("rms"))),
  discrimination = discrimination,
  calibration = calibration
)

if (simulate) {
  # pmsampsize's approximation of R2 (Cox-Snell) from a C statistic (Riley et al. 2022).
  pairs <- list(c(0.81, 0.077), c(0.7, 0.174), c(0.75, 0.3), c(0.9, 0.5), c(0.65, 0.06))
  result$cstatisticSimulation <- lapply(pairs, function(cp) {
    n <- 1000000
    mu <- sqrt(2) * qnorm(cp[1])
    set.seed(123456)
    lp <- c(rnorm(cp[2] * n, mean = 0, sd = 1), rnorm((1 - cp[2]) * n, mean = mu, sd = 1))
    yy <- c(rep(0, cp[2] * n), rep(1, (1 - cp[2]) * n))
    m <- glm(yy ~ lp, family = binomial)
    list(c = cp[1], prevalence = cp[2], r2cs = 1 - exp(-(m$null.deviance - m$deviance) / n))
  })
} else if (file.exists(out)) {
  old <- fromJSON(out, simplifyVector = FALSE)
  result$cstatisticSimulation <- old$cstatisticSimulation
}

writeLines(toJSON(result, auto_unbox = TRUE, digits = I(17), pretty = FALSE), out)
cat("wrote", out, "\n")
