#!/usr/bin/env Rscript
# R reference for the external validation of a prognosis model (Debian's r-base-core,
# r-cran-proc, r-cran-jsonlite):
#
#   Rscript scripts/reference/external_reference.R [INPUTS.csv OUTPUT.json]
#
# (default: external_inputs.csv -> external_r.json, the prognosis model; the window-level models'
# inputs are external_window_inputs.csv -> external_window_r.json, from
# make-external-window-inputs.ts)
#
# Reads tests/fixtures/reference/external_inputs.csv (p = predicted chance, y = recovered by the
# horizon, w = inverse probability of censoring weight; make-external-inputs.ts) and writes
# tests/fixtures/reference/external_r.json:
# - calibration-in-the-large: glm(y ~ offset(qlogis(p)), quasibinomial, weights = w), its intercept
# - logistic recalibration: glm(y ~ qlogis(p), quasibinomial, weights = w), intercept and slope
# - AUC with DeLong's 95% CI, unweighted (pROC::roc, ci.auc(method = "delong"))
# - weighted Brier score and weighted observed share
suppressPackageStartupMessages({
  library(jsonlite)
  library(pROC)
})
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
fixtures <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"))
args <- commandArgs(trailingOnly = TRUE)
input <- if (length(args) >= 1) args[1] else "external_inputs.csv"
output <- if (length(args) >= 2) args[2] else "external_r.json"
d <- read.csv(file.path(fixtures, input))
lp <- qlogis(d$p)
citl <- glm(y ~ offset(lp), family = quasibinomial, weights = w, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
recal <- glm(y ~ lp, family = quasibinomial, weights = w, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
r <- roc(d$y, d$p, direction = "<", levels = c(0, 1), quiet = TRUE)
ci <- ci.auc(r, method = "delong")
out <- list(
  n = nrow(d),
  citl = unname(coef(citl)[1]),
  recalibration_intercept = unname(coef(recal)[1]),
  recalibration_slope = unname(coef(recal)[2]),
  auc = as.numeric(ci[2]), auc_low = as.numeric(ci[1]), auc_high = as.numeric(ci[3]),
  brier = sum(d$w * (d$p - d$y)^2) / sum(d$w),
  observed = sum(d$w * d$y) / sum(d$w),
  r_version = R.version.string, proc_version = as.character(packageVersion("pROC"))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(fixtures, output))
cat("wrote", file.path(fixtures, output), "\n")
