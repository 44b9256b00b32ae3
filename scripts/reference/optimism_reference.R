#!/usr/bin/env Rscript
# R reference for Harrell's bootstrap optimism correction (lib/stats/optimism-bootstrap.ts, the
# svm-optimism cell's logistic-regression arm), base R + jsonlite only:
#
#   npx tsx scripts/reference/make-optimism-inputs.ts     # the input (our seeded RNG, fixed indices)
#   Rscript scripts/reference/optimism_reference.R [--out FILE]
#
# Reads tests/fixtures/reference/optimism_inputs.json (X: rows of 4 predictors, y: 0/1 outcome,
# patients, indices: 0-based rows of each bootstrap replicate, drawn by patient) and writes
# tests/fixtures/reference/optimism_r.json (or FILE). For the original data and for each
# replicate, glm(y ~ x1 + x2 + x3 + x4, binomial) in a loop; each measure of the replicate model
# on the replicate rows ("boot") and on the original rows ("test"):
# - auc: Mann-Whitney c statistic (mid-ranks);
# - brier: mean (p - y)^2;
# - citl: coef of glm(y ~ 1, offset = qlogis(p), binomial) (calibration-in-the-large);
# - intercept_joint, slope: coefs of glm(y ~ qlogis(p), binomial) (rms::val.prob's Intercept, Slope).
# optimism = mean over replicates of boot - test; corrected = apparent - optimism (rms::validate).
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
fixtures <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"))
out_at <- match("--out", args)
out_file <- if (!is.na(out_at)) args[out_at + 1] else file.path(fixtures, "optimism_r.json")

d <- fromJSON(file.path(fixtures, "optimism_inputs.json"), simplifyMatrix = TRUE)
X <- d$X
colnames(X) <- paste0("x", seq_len(ncol(X)))
y <- d$y
ctl <- glm.control(epsilon = 1e-14, maxit = 100)

auc <- function(y, p) {
  r <- rank(p)
  n1 <- sum(y == 1); n0 <- sum(y == 0)
  (sum(r[y == 1]) - n1 * (n1 + 1) / 2) / (n1 * n0)
}
measures <- function(y, p) {
  lp <- qlogis(p)
  citl <- coef(glm(y ~ 1, offset = lp, family = binomial, control = ctl))[[1]]
  joint <- coef(glm(y ~ lp, family = binomial, control = ctl))
  c(auc = auc(y, p), brier = mean((p - y)^2), citl = citl, intercept_joint = joint[[1]], slope = joint[[2]])
}
fit_predict <- function(Xfit, yfit, Xnew) {
  df <- data.frame(Xfit, y = yfit)
  m <- glm(y ~ x1 + x2 + x3 + x4, family = binomial, data = df, control = ctl)
  list(fit = predict(m, newdata = data.frame(Xfit), type = "response"), new = predict(m, newdata = data.frame(Xnew), type = "response"), coef = unname(coef(m)))
}

orig <- fit_predict(X, y, X)
apparent <- measures(y, orig$fit)
boot <- list(); test <- list()
for (b in seq_along(d$indices)) {
  rows <- d$indices[[b]] + 1
  f <- fit_predict(X[rows, , drop = FALSE], y[rows], X)
  boot[[b]] <- measures(y[rows], f$fit)
  test[[b]] <- measures(y, f$new)
}
boot <- do.call(rbind, boot); test <- do.call(rbind, test)
optimism <- colMeans(boot - test)
corrected <- apparent - optimism
res <- list(
  n = length(y),
  replicates = length(d$indices),
  coefficients = orig$coef,
  apparent = as.list(apparent),
  optimism = as.list(optimism),
  corrected = as.list(corrected),
  boot = lapply(colnames(boot), function(k) unname(boot[, k])),
  test = lapply(colnames(test), function(k) unname(test[, k]))
)
names(res$boot) <- colnames(boot)
names(res$test) <- colnames(test)
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE), out_file)
cat("wrote", out_file, "\n")
