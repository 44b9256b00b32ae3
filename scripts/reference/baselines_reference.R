#!/usr/bin/env Rscript
# R reference for the baseline-models cell (lib/cells/baseline-models.ts) with Debian's
# r-base-core, r-cran-proc, r-cran-rms and r-cran-jsonlite:
#
#   npx tsx scripts/reference/make-baselines-inputs.ts      # the input (our seeded RNG)
#   Rscript scripts/reference/baselines_reference.R [--out FILE] [--skip-rms]
#
# --skip-rms leaves out the ridge fits (loading rms takes most of the run's time); the unit test
# that re-runs this script uses it, and checks the committed ridge numbers separately.
# Reads tests/fixtures/reference/baselines_inputs.csv (one subset's windows: patient, part
# train/test, standardized features x1..x4 and grade_z, the raw present grade, outcome y =
# recovered, y_sep = an outcome the features separate, svm = the SVM's probability of recovery)
# and writes tests/fixtures/reference/baselines_r.json (or FILE):
# - lr: glm(y ~ x1 + x2 + x3 + x4 + grade_z, binomial) on the training rows (epsilon 1e-14):
#   coefficients and the predicted probabilities of the test rows
# - present_grade: glm(y ~ grade, binomial) on the training rows, the same
# - per model (svm, lr, present_grade) on the test rows: pROC AUC and ci.auc(method = "delong"),
#   Brier score, calibration intercept (glm with offset qlogis(p)) and slope (glm on qlogis(p)),
#   net benefit for the event "not recovered" (risk 1 - p) at 0.1 ... 0.5
# - paired: pROC::roc.test(roc_model, roc_svm, method = "delong", paired = TRUE): z, p, AUCs
# - separation: glm(y_sep ~ ...) and its warnings; rms::lrm.fit with penalty.matrix = 0.1 I
#   (0.5 b' P b subtracted from the log-likelihood, intercept free): the ridge fallback
# - pnorm at a few points (the normal CDF behind the p-values)
suppressPackageStartupMessages({
  library(jsonlite)
  library(pROC)
})
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
fixtures <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"))
out_at <- match("--out", args)
out_file <- if (!is.na(out_at)) args[out_at + 1] else file.path(fixtures, "baselines_r.json")
skip_rms <- "--skip-rms" %in% args

d <- read.csv(file.path(fixtures, "baselines_inputs.csv"), colClasses = c(patient_id = "character"))
train <- d[d$part == "train", ]
test <- d[d$part == "test", ]
ctl <- glm.control(epsilon = 1e-14, maxit = 100)
thresholds <- c(0.1, 0.2, 0.3, 0.4, 0.5)

lr <- glm(y ~ x1 + x2 + x3 + x4 + grade_z, family = binomial, data = train, control = ctl)
pg <- glm(y ~ grade, family = binomial, data = train, control = ctl)
probs <- list(
  svm = test$svm,
  lr = unname(predict(lr, newdata = test, type = "response")),
  present_grade = unname(predict(pg, newdata = test, type = "response"))
)

rocs <- lapply(probs, function(p) roc(test$y, p, levels = c(0, 1), direction = "<", quiet = TRUE))
metrics <- lapply(names(probs), function(k) {
  p <- probs[[k]]
  ci <- ci.auc(rocs[[k]], method = "delong")
  lp <- qlogis(p)
  citl <- glm(test$y ~ offset(lp), family = binomial, control = ctl)
  slope <- glm(test$y ~ lp, family = binomial, control = ctl)
  n <- nrow(test)
  event <- 1 - test$y
  risk <- 1 - p
  nb <- sapply(thresholds, function(t) sum(risk >= t & event == 1) / n - sum(risk >= t & event == 0) / n * t / (1 - t))
  list(
    auc = as.numeric(ci[2]), auc_low = as.numeric(ci[1]), auc_high = as.numeric(ci[3]),
    brier = mean((p - test$y)^2),
    calibration_intercept = unname(coef(citl)[1]),
    calibration_slope = unname(coef(slope)[2]),
    net_benefit = nb
  )
})
names(metrics) <- names(probs)

paired <- lapply(c("lr", "present_grade"), function(k) {
  t <- roc.test(rocs[[k]], rocs[["svm"]], method = "delong", paired = TRUE)
  list(z = unname(t$statistic), p = t$p.value, auc_model = unname(t$estimate[1]), auc_svm = unname(t$estimate[2]))
})
names(paired) <- c("lr", "present_grade")

# Separation: the outcome y_sep is split perfectly by x1 + x2 / 2 on the raw scale.
sep_warnings <- character(0)
sep <- withCallingHandlers(
  glm(y_sep ~ x1 + x2 + x3 + x4 + grade_z, family = binomial, data = train),
  warning = function(w) {
    sep_warnings <<- c(sep_warnings, conditionMessage(w))
    invokeRestart("muffleWarning")
  }
)
separation <- list(glm_warnings = sep_warnings, glm_max_abs_coefficient = max(abs(coef(sep))))
if (!skip_rms) {
  X <- as.matrix(train[, c("x1", "x2", "x3", "x4", "grade_z")])
  ridge <- rms::lrm.fit(X, train$y_sep, penalty.matrix = 0.1 * diag(5), maxit = 200, eps = 1e-14, tol = 1e-20)
  ridge_y <- rms::lrm.fit(X, train$y, penalty.matrix = 0.1 * diag(5), maxit = 200, eps = 1e-14, tol = 1e-20)
  separation$ridge_penalty <- 0.1
  separation$ridge_coefficients <- unname(coef(ridge))
  separation$ridge_on_y_coefficients <- unname(coef(ridge_y))
  separation$rms_version <- as.character(packageVersion("rms"))
}

z_points <- c(-40, -37, -12, -8, -5.7, -3.3, -1.96, -0.6, 0, 0.3, 0.67, 1, 2.5, 5, 7, 9)
out <- list(
  n_train = nrow(train), n_test = nrow(test),
  lr = list(coefficients = unname(coef(lr)), predictions = probs$lr),
  present_grade = list(coefficients = unname(coef(pg)), predictions = probs$present_grade),
  metrics = metrics,
  paired = paired,
  thresholds = thresholds,
  separation = separation,
  pnorm = list(z = z_points, lower = pnorm(z_points), upper = pnorm(z_points, lower.tail = FALSE)),
  r_version = R.version.string, proc_version = as.character(packageVersion("pROC")), rms_version = as.character(packageVersion("rms"))
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), out_file)
cat("wrote", out_file, "\n")
