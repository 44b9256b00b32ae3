// libsvm's SMO solver for the C-SVC dual on a kernel matrix held in this module's memory: the
// WebAssembly twin of lib/ml/svm/smo-solver.ts, line for line (the same order of every floating
// point operation, so the same α and ρ bit for bit; tested). Ported from `Solver::Solve` in
// libsvm 3.x (svm.cpp, BSD-3-Clause, (c) Chih-Chung Chang and Chih-Jen Lin).
//
// No libc: the caller lays out every array in memory and passes byte offsets. Q is the n x n
// float32 matrix Q_ab = s_a s_b K(a, b) over the whole data; a problem is a list of its rows.
//
// Built by scripts/build-svm-kernel.mjs (clang --target=wasm32, -ffp-contract=off: no fused
// multiply-add, so every product is rounded as in JavaScript).

typedef unsigned char u8;
typedef signed char i8;

#define LOWER 0
#define UPPER 1
#define FREE 2
#define TAU 1e-12
#define INF __builtin_inf()

static int active_size, l, n;
static const float *Q;
static int *idx;
static i8 *y;
static double *G, *Gbar, *QD, *alpha;
static u8 *status;
static int *active_set;
static double C, eps;
static int unshrink;
static int out_i, out_j;

static inline void update_status(int i) {
  status[i] = alpha[i] >= C ? UPPER : alpha[i] <= 0 ? LOWER : FREE;
}

static void swap_index(int i, int j) {
  int ti = idx[i]; idx[i] = idx[j]; idx[j] = ti;
  i8 ty = y[i]; y[i] = y[j]; y[j] = ty;
  double td = G[i]; G[i] = G[j]; G[j] = td;
  u8 ts = status[i]; status[i] = status[j]; status[j] = ts;
  td = alpha[i]; alpha[i] = alpha[j]; alpha[j] = td;
  ti = active_set[i]; active_set[i] = active_set[j]; active_set[j] = ti;
  td = Gbar[i]; Gbar[i] = Gbar[j]; Gbar[j] = td;
  td = QD[i]; QD[i] = QD[j]; QD[j] = td;
}

static void reconstruct_gradient(void) {
  if (active_size == l) return;
  int nr_free = 0;
  for (int j = active_size; j < l; j++) G[j] = Gbar[j] + -1.0;
  for (int j = 0; j < active_size; j++) if (status[j] == FREE) nr_free++;
  if ((double)nr_free * l > 2.0 * active_size * (l - active_size)) {
    for (int i = active_size; i < l; i++) {
      const float *Qi = Q + (long)idx[i] * n;
      double g = G[i];
      for (int j = 0; j < active_size; j++) if (status[j] == FREE) g = g + alpha[j] * (double)Qi[idx[j]];
      G[i] = g;
    }
  } else {
    for (int i = 0; i < active_size; i++) {
      if (status[i] != FREE) continue;
      const float *Qi = Q + (long)idx[i] * n;
      double ai = alpha[i];
      for (int j = active_size; j < l; j++) G[j] = G[j] + ai * (double)Qi[idx[j]];
    }
  }
}

// 1 when optimal within eps.
static int select_working_set(void) {
  double Gmax = -INF, Gmax2 = -INF;
  int Gmax_idx = -1, Gmin_idx = -1;
  double obj_diff_min = INF;
  for (int t = 0; t < active_size; t++) {
    if (y[t] == 1) {
      if (status[t] != UPPER && -G[t] >= Gmax) { Gmax = -G[t]; Gmax_idx = t; }
    } else if (status[t] != LOWER && G[t] >= Gmax) { Gmax = G[t]; Gmax_idx = t; }
  }
  int i = Gmax_idx;
  if (i != -1) {
    double yi = y[i];
    const float *Qi = Q + (long)idx[i] * n;
    double QDi = QD[i];
    for (int j = 0; j < active_size; j++) {
      double Qij = Qi[idx[j]];
      if (y[j] == 1) {
        if (status[j] != LOWER) {
          double grad_diff = Gmax + G[j];
          if (G[j] >= Gmax2) Gmax2 = G[j];
          if (grad_diff > 0) {
            double quad = QDi + QD[j] - 2.0 * yi * Qij;
            double obj_diff = quad > 0 ? -(grad_diff * grad_diff) / quad : -(grad_diff * grad_diff) / TAU;
            if (obj_diff <= obj_diff_min) { Gmin_idx = j; obj_diff_min = obj_diff; }
          }
        }
      } else if (status[j] != UPPER) {
        double grad_diff = Gmax - G[j];
        if (-G[j] >= Gmax2) Gmax2 = -G[j];
        if (grad_diff > 0) {
          double quad = QDi + QD[j] + 2.0 * yi * Qij;
          double obj_diff = quad > 0 ? -(grad_diff * grad_diff) / quad : -(grad_diff * grad_diff) / TAU;
          if (obj_diff <= obj_diff_min) { Gmin_idx = j; obj_diff_min = obj_diff; }
        }
      }
    }
  } else {
    for (int j = 0; j < active_size; j++) {
      if (y[j] == 1) {
        if (status[j] != LOWER && G[j] >= Gmax2) Gmax2 = G[j];
      } else if (status[j] != UPPER && -G[j] >= Gmax2) Gmax2 = -G[j];
    }
  }
  if (Gmax + Gmax2 < eps || Gmin_idx == -1) return 1;
  out_i = Gmax_idx;
  out_j = Gmin_idx;
  return 0;
}

static int be_shrunk(int i, double Gmax1, double Gmax2) {
  if (status[i] == UPPER) return y[i] == 1 ? -G[i] > Gmax1 : -G[i] > Gmax2;
  if (status[i] == LOWER) return y[i] == 1 ? G[i] > Gmax2 : G[i] > Gmax1;
  return 0;
}

static void do_shrinking(void) {
  double Gmax1 = -INF, Gmax2 = -INF;
  for (int i = 0; i < active_size; i++) {
    if (y[i] == 1) {
      if (status[i] != UPPER && -G[i] >= Gmax1) Gmax1 = -G[i];
      if (status[i] != LOWER && G[i] >= Gmax2) Gmax2 = G[i];
    } else {
      if (status[i] != UPPER && -G[i] >= Gmax2) Gmax2 = -G[i];
      if (status[i] != LOWER && G[i] >= Gmax1) Gmax1 = G[i];
    }
  }
  if (!unshrink && Gmax1 + Gmax2 <= eps * 10) {
    unshrink = 1;
    reconstruct_gradient();
    active_size = l;
  }
  for (int i = 0; i < active_size; i++) {
    if (!be_shrunk(i, Gmax1, Gmax2)) continue;
    active_size--;
    while (active_size > i) {
      if (!be_shrunk(active_size, Gmax1, Gmax2)) { swap_index(i, active_size); break; }
      active_size--;
    }
  }
}

// Solves one problem. Byte offsets: q (n*n float32), rows (l int32), labels (l int8: +1/-1),
// alpha_io (l float64: the start in, the solution out, in problem order), work (l * 42 bytes,
// 8-aligned), info (4 float64 out: rho, obj, iterations, hit the iteration cap).
__attribute__((export_name("solve")))
void solve(int q, int n_, int rows, int labels, int l_, double C_, double eps_, int shrinking, int alpha_io, int work, int info) {
  Q = (const float *)q; n = n_; l = l_; C = C_; eps = eps_;
  double *alpha_out = (double *)alpha_io;
  G = (double *)work;
  Gbar = G + l;
  QD = Gbar + l;
  alpha = QD + l;
  idx = (int *)(alpha + l);
  active_set = idx + l;
  y = (i8 *)(active_set + l);
  status = (u8 *)(y + l);
  for (int i = 0; i < l; i++) {
    idx[i] = ((const int *)rows)[i];
    y[i] = ((const i8 *)labels)[i];
    alpha[i] = alpha_out[i];
    QD[i] = Q[(long)idx[i] * n + idx[i]];
    active_set[i] = i;
    update_status(i);
  }
  active_size = l;
  unshrink = 0;
  for (int i = 0; i < l; i++) { G[i] = -1.0; Gbar[i] = 0; }
  for (int i = 0; i < l; i++) {
    if (status[i] == LOWER) continue;
    double ai = alpha[i];
    const float *Qi = Q + (long)idx[i] * n;
    for (int j = 0; j < l; j++) G[j] = G[j] + ai * (double)Qi[idx[j]];
    if (status[i] == UPPER) for (int j = 0; j < l; j++) Gbar[j] = Gbar[j] + C * (double)Qi[idx[j]];
  }

  long iter = 0;
  long max_iter = 100L * l > 10000000L ? 100L * l : 10000000L;
  int counter = (l < 1000 ? l : 1000) + 1;
  while (iter < max_iter) {
    if (--counter == 0) {
      counter = l < 1000 ? l : 1000;
      if (shrinking) do_shrinking();
    }
    if (select_working_set()) {
      reconstruct_gradient();
      active_size = l;
      if (select_working_set()) break;
      counter = 1;
    }
    ++iter;
    int i = out_i, j = out_j;
    const float *Qi = Q + (long)idx[i] * n, *Qj = Q + (long)idx[j] * n;
    int yi = y[i], yj = y[j];
    double QiJ = Qi[idx[j]];
    double old_ai = alpha[i], old_aj = alpha[j];
    double ai = old_ai, aj = old_aj;
    if (yi != yj) {
      double quad = QD[i] + QD[j] + 2 * QiJ;
      if (quad <= 0) quad = TAU;
      double delta = (-G[i] - G[j]) / quad;
      double diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) { aj = 0; ai = diff; }
      } else if (ai < 0) { ai = 0; aj = -diff; }
      if (diff > 0) {
        if (ai > C) { ai = C; aj = C - diff; }
      } else if (aj > C) { aj = C; ai = C + diff; }
    } else {
      double quad = QD[i] + QD[j] - 2 * QiJ;
      if (quad <= 0) quad = TAU;
      double delta = (G[i] - G[j]) / quad;
      double sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) { ai = C; aj = sum - C; }
      } else if (aj < 0) { aj = 0; ai = sum; }
      if (sum > C) {
        if (aj > C) { aj = C; ai = sum - C; }
      } else if (ai < 0) { ai = 0; aj = sum; }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    double dAi = ai - old_ai, dAj = aj - old_aj;
    for (int k = 0; k < active_size; k++) {
      int ik = idx[k];
      G[k] = G[k] + ((double)Qi[ik] * dAi + (double)Qj[ik] * dAj);
    }
    int was_upper_i = status[i] == UPPER, was_upper_j = status[j] == UPPER;
    update_status(i);
    update_status(j);
    if (was_upper_i != (status[i] == UPPER)) {
      double s = was_upper_i ? -C : C;
      for (int k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * (double)Qi[idx[k]];
    }
    if (was_upper_j != (status[j] == UPPER)) {
      double s = was_upper_j ? -C : C;
      for (int k = 0; k < l; k++) Gbar[k] = Gbar[k] + s * (double)Qj[idx[k]];
    }
  }
  int hit = iter >= max_iter;
  if (hit && active_size < l) {
    reconstruct_gradient();
    active_size = l;
  }
  int nr_free = 0;
  double ub = INF, lb = -INF, sum_free = 0;
  for (int i = 0; i < active_size; i++) {
    double yG = y[i] * G[i];
    if (status[i] == UPPER) {
      if (y[i] == -1) ub = ub < yG ? ub : yG;
      else lb = lb > yG ? lb : yG;
    } else if (status[i] == LOWER) {
      if (y[i] == 1) ub = ub < yG ? ub : yG;
      else lb = lb > yG ? lb : yG;
    } else {
      ++nr_free;
      sum_free += yG;
    }
  }
  double rho = nr_free > 0 ? sum_free / nr_free : (ub + lb) / 2;
  double v = 0;
  for (int i = 0; i < l; i++) v += alpha[i] * (G[i] + -1.0);
  for (int i = 0; i < l; i++) alpha_out[active_set[i]] = alpha[i];
  double *out = (double *)info;
  out[0] = rho;
  out[1] = v / 2;
  out[2] = (double)iter;
  out[3] = hit;
}
