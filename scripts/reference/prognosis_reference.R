#!/usr/bin/env Rscript
# R reference for the landmark prognosis model (Debian's r-base-core, r-cran-survival,
# r-cran-jsonlite):
#
#   Rscript scripts/reference/prognosis_reference.R [--out PATH]
#
# Reads tests/fixtures/reference/prognosis_inputs.json (make-prognosis-inputs.ts) and writes
# tests/fixtures/reference/prognosis_r.json (or PATH):
# - G(t) = P(censoring time > t) by survival::survfit on (known_until, censored), recoveries
#   as the censored observations of the censoring distribution; G(t-) read just before t;
# - the stacked rows: one per landmark row and horizon after its landmark whose status is
#   known (recovered by h: y = 1, weight 1/G(recovery day-); known unrecovered at h: y = 0,
#   weight 1/G(h-));
# - glm(y ~ 0 + horizon dummies + features, quasibinomial, weights), with the sign
#   constraints by the same active set (drop the constrained feature with the largest
#   positive estimate, refit, repeat);
# - the predicted chance by each horizon for every landmark row.
suppressPackageStartupMessages({
  library(jsonlite)
  library(survival)
})
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
fixtures <- normalizePath(file.path(here, "..", "..", "tests", "fixtures", "reference"))
out <- file.path(fixtures, "prognosis_r.json")
if ("--out" %in% args) out <- args[which(args == "--out") + 1]

inp <- fromJSON(file.path(fixtures, "prognosis_inputs.json"), simplifyVector = TRUE)
rows <- inp$rows
horizons <- inp$horizons
fnames <- inp$features$name
X <- do.call(rbind, rows$x)
colnames(X) <- fnames
event <- rows$event_day
censored <- is.na(event)
known <- rows$known_until

km <- survfit(Surv(known, as.integer(censored)) ~ 1)
g_before <- function(t) {
  s <- c(1, km$surv)
  s[findInterval(t, km$time, left.open = TRUE) + 1]
}

stack <- list()
for (i in seq_len(nrow(rows))) {
  for (j in seq_along(horizons)) {
    h <- horizons[j]
    if (h <= rows$landmark_day[i]) next
    if (!censored[i] && event[i] <= h) {
      y <- 1; w <- 1 / g_before(event[i])
    } else if (known[i] >= h) {
      y <- 0; w <- 1 / g_before(h)
    } else next
    d <- as.numeric(seq_along(horizons) == j)
    stack[[length(stack) + 1]] <- c(d, X[i, ], y = y, w = w)
  }
}
S <- do.call(rbind, stack)
hn <- paste0("h", horizons)
colnames(S) <- c(hn, fnames, "y", "w")
S <- as.data.frame(S)

constrained <- fnames[inp$features$sign == "nonpositive"]
fixed <- character(0)
repeat {
  cols <- c(hn, setdiff(fnames, fixed))
  fit <- glm(reformulate(cols, response = "y", intercept = FALSE), family = quasibinomial(), weights = w, data = S,
             control = glm.control(epsilon = 1e-14, maxit = 100))
  b <- coef(fit)
  wrong <- intersect(constrained, setdiff(names(b)[b > 0], fixed))
  if (length(wrong) == 0) break
  fixed <- c(fixed, wrong[which.max(b[wrong])])
}
coefs <- setNames(rep(0, length(fnames)), fnames)
coefs[names(b)[names(b) %in% fnames]] <- b[names(b) %in% fnames]
intercepts <- unname(b[hn])
eta <- as.vector(X %*% coefs)
chance <- t(sapply(seq_len(nrow(rows)), function(i) plogis(intercepts + eta[i])))

write_json(list(
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival")),
  stacked_rows = nrow(S),
  g_times = km$time, g_survival = km$surv,
  intercepts = intercepts, coefficients = unname(coefs), fixed_at_zero = fixed,
  chance = chance
), out, digits = NA, auto_unbox = TRUE)
cat("wrote", out, "\n")
