/**
 * libsvm's SMO solver for the C-SVC dual, on a kernel matrix already in memory.
 *
 *   min ½ αᵀQα − eᵀα   subject to   yᵀα = 0,  0 ≤ α_i ≤ C,   Q_ij = y_i y_j K(x_i, x_j)
 *
 * A line-for-line port of `Solver::Solve` in libsvm 3.x (svm.cpp, BSD-3-Clause, © Chih-Chung
 * Chang and Chih-Jen Lin): the same second-order working-set selection, the same clipping of the
 * two-variable step, the same shrinking and gradient reconstruction, the same stopping rule
 * (maximal violation < eps) and the same ρ. Q is rounded to float32 as libsvm's kernel cache
 * rounds it (`Qfloat`), so from a cold start it walks libsvm's path and returns libsvm's α and ρ
 * (tested against libsvm-js on the same kernel).
 *
 * Why a port and not libsvm itself: libsvm-js ships compiled, and its `svm_train` always starts
 * from α = 0 and reads the kernel through its node arrays. Here the caller can:
 *   - hand a whole-data kernel and the rows of one fold (`rows`), so every (C, fold) fit of a
 *     γ reads one matrix without copying it;
 *   - start from another solution (`alpha0`), e.g. the previous C's along the grid (alpha
 *     seeding). Any α0 with 0 ≤ α0_i ≤ C and yᵀα0 = 0 is a feasible start; the solver then stops
 *     on the same criterion, so the result is optimal within the same eps, though not
 *     necessarily the bit-identical α of a cold start.
 *
 * @example
 *   const Q = signedRbfKernel(D, n, 0.09, sign);       // n × n, row-major, float32
 *   const sol = solveCsvc({ Q, n: X.length, rows, y, C: 2.7 });
 *   sol.alpha; sol.rho; sol.iterations;
 */

export interface CsvcProblem {
  /**
   * Row-major n × n matrix over the whole data of Q_ab = s_a s_b K(x_a, x_b), in float32 as
   * libsvm's kernel cache holds Q, where s_a = ±1 is row a's label sign (the same for every
   * problem drawn from these rows: `y[k]` must be `s[rows[k]]`). Read, never written. Its
   * diagonal is used as libsvm's QD, which libsvm keeps in double: the same value for the RBF
   * kernel, whose diagonal is exactly 1.
   */
  Q: Float32Array;
  n: number;
  /** The training rows of this problem, as row indices of K, in the order libsvm would see them. */
  rows: Int32Array | readonly number[];
  /** +1 or −1 per problem row. */
  y: Int8Array | readonly number[];
  C: number;
  /** Stopping tolerance on the maximal KKT violation (libsvm's `-e`, scikit-learn's `tol`). */
  eps?: number;
  shrinking?: boolean;
  /** A feasible starting point (0 ≤ α_i ≤ C, Σ y_i α_i = 0); cold start (α = 0) when absent. */
  alpha0?: Float64Array;
}

export interface CsvcSolution {
  /** α_i ≥ 0 in problem order (not multiplied by y). */
  alpha: Float64Array;
  rho: number;
  /** Dual objective ½ αᵀQα − eᵀα. */
  obj: number;
  iterations: number;
  /** True when libsvm's iteration cap stopped the solver before the tolerance was met. */
  hitIterationLimit: boolean;
}

/**
 * The checks both builds of the solver make before solving, naming the value: as many labels as
 * rows, each ±1, each row inside the kernel's n, C > 0, a start of the problem's length.
 */
export function checkCsvcProblem(
  who: string,
  n: number,
  p: { rows: ArrayLike<number>; y: ArrayLike<number>; C: number; alpha0?: ArrayLike<number> },
): void {
  const l = p.rows.length;
  if (p.y.length !== l) throw new Error(`${who}: ${l} rows but ${p.y.length} labels`);
  if (!(p.C > 0)) throw new Error(`${who}: C must be > 0 (got ${p.C})`);
  for (let i = 0; i < l; i++) {
    if (p.y[i] !== 1 && p.y[i] !== -1) throw new Error(`${who}: label ${p.y[i]} at row ${i} is not ±1`);
    if (!(p.rows[i]! >= 0 && p.rows[i]! < n)) throw new Error(`${who}: row index ${p.rows[i]} outside 0..${n - 1}`);
  }
  if (p.alpha0 && p.alpha0.length !== l) throw new Error(`${who}: alpha0 has ${p.alpha0.length} values for ${l} rows`);
}

const TAU = 1e-12;
const LOWER = 0, UPPER = 1, FREE = 2;

export function solveCsvc(problem: CsvcProblem): CsvcSolution {
  const { Q, n, C } = problem;
  const eps = problem.eps ?? 1e-3;
  const shrinking = problem.shrinking ?? true;
  const l = problem.rows.length;
  if (Q.length !== n * n) throw new Error(`solveCsvc: Q has ${Q.length} values, expected ${n} × ${n}`);
  checkCsvcProblem('solveCsvc', n, problem);

  // Working copies, permuted together by swapIndex as libsvm's are (the kernel row index `idx`
  // stands for libsvm's swap of its cached Q rows).
  const idx = Int32Array.from(problem.rows);
  const y = Int8Array.from(problem.y);
  const alpha = problem.alpha0 ? Float64Array.from(problem.alpha0) : new Float64Array(l);
  const status = new Uint8Array(l);
  const activeSet = new Int32Array(l);
  const G = new Float64Array(l);
  const Gbar = new Float64Array(l);
  // p_i = −1 for every i in C-SVC, so libsvm's swaps of p change nothing and p is a constant.
  const P = -1;
  const QD = new Float64Array(l);
  for (let i = 0; i < l; i++) QD[i] = Q[idx[i]! * n + idx[i]!]!;

  const updateStatus = (i: number) => {
    status[i] = alpha[i]! >= C ? UPPER : alpha[i]! <= 0 ? LOWER : FREE;
  };
  for (let i = 0; i < l; i++) {
    activeSet[i] = i;
    updateStatus(i);
  }
  let activeSize = l;

  // Q_ij of problem rows i and j, as libsvm's cache holds it: (float)(y_i y_j K_ij).
  const q = (i: number, j: number) => Q[idx[i]! * n + idx[j]!]!;

  {
    for (let i = 0; i < l; i++) {
      G[i] = P;
      Gbar[i] = 0;
    }
    for (let i = 0; i < l; i++) {
      if (status[i] === LOWER) continue;
      const ai = alpha[i]!;
      const rowI = idx[i]! * n;
      for (let j = 0; j < l; j++) G[j] = G[j]! + ai * Q[rowI + idx[j]!]!;
      if (status[i] === UPPER) for (let j = 0; j < l; j++) Gbar[j] = Gbar[j]! + C * Q[rowI + idx[j]!]!;
    }
  }

  const swapIndex = (i: number, j: number) => {
    let t: number;
    t = idx[i]!; idx[i] = idx[j]!; idx[j] = t;
    t = y[i]!; y[i] = y[j]!; y[j] = t;
    t = G[i]!; G[i] = G[j]!; G[j] = t;
    t = status[i]!; status[i] = status[j]!; status[j] = t;
    t = alpha[i]!; alpha[i] = alpha[j]!; alpha[j] = t;
    t = activeSet[i]!; activeSet[i] = activeSet[j]!; activeSet[j] = t;
    t = Gbar[i]!; Gbar[i] = Gbar[j]!; Gbar[j] = t;
    t = QD[i]!; QD[i] = QD[j]!; QD[j] = t;
  };

  const reconstructGradient = () => {
    if (activeSize === l) return;
    let nFree = 0;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + P;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        let g = G[i]!;
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) g += alpha[j]! * q(i, j);
        G[i] = g;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j] = G[j]! + ai * q(i, j);
      }
    }
  };

  // Returns [i, j], or null when optimal within eps.
  let outI = -1, outJ = -1;
  const selectWorkingSet = (): boolean => {
    let Gmax = -Infinity, Gmax2 = -Infinity;
    let GmaxIdx = -1, GminIdx = -1;
    let objDiffMin = Infinity;
    for (let t = 0; t < activeSize; t++) {
      if (y[t] === 1) {
        if (status[t] !== UPPER && -G[t]! >= Gmax) {
          Gmax = -G[t]!;
          GmaxIdx = t;
        }
      } else if (status[t] !== LOWER && G[t]! >= Gmax) {
        Gmax = G[t]!;
        GmaxIdx = t;
      }
    }
    const i = GmaxIdx;
    if (i !== -1) {
      const yi = y[i]!;
      const rowI = idx[i]! * n;
      const QDi = QD[i]!;
      for (let j = 0; j < activeSize; j++) {
        const Qij = Q[rowI + idx[j]!]!;
        if (y[j] === 1) {
          if (status[j] !== LOWER) {
            const gradDiff = Gmax + G[j]!;
            if (G[j]! >= Gmax2) Gmax2 = G[j]!;
            if (gradDiff > 0) {
              const quad = QDi + QD[j]! - 2.0 * yi * Qij;
              const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
              if (objDiff <= objDiffMin) {
                GminIdx = j;
                objDiffMin = objDiff;
              }
            }
          }
        } else if (status[j] !== UPPER) {
          const gradDiff = Gmax - G[j]!;
          if (-G[j]! >= Gmax2) Gmax2 = -G[j]!;
          if (gradDiff > 0) {
            const quad = QDi + QD[j]! + 2.0 * yi * Qij;
            const objDiff = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / TAU;
            if (objDiff <= objDiffMin) {
              GminIdx = j;
              objDiffMin = objDiff;
            }
          }
        }
      }
    } else {
      // libsvm still walks the j loop for Gmax2 with Gmax = −∞; no j can be picked then.
      for (let j = 0; j < activeSize; j++) {
        if (y[j] === 1) {
          if (status[j] !== LOWER && G[j]! >= Gmax2) Gmax2 = G[j]!;
        } else if (status[j] !== UPPER && -G[j]! >= Gmax2) Gmax2 = -G[j]!;
      }
    }
    if (Gmax + Gmax2 < eps || GminIdx === -1) return true;
    outI = GmaxIdx;
    outJ = GminIdx;
    return false;
  };

  let unshrink = false;
  const beShrunk = (i: number, Gmax1: number, Gmax2: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > Gmax1 : -G[i]! > Gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > Gmax2 : G[i]! > Gmax1;
    return false;
  };
  const doShrinking = () => {
    let Gmax1 = -Infinity, Gmax2 = -Infinity;
    for (let i = 0; i < activeSize; i++) {
      if (y[i] === 1) {
        if (status[i] !== UPPER && -G[i]! >= Gmax1) Gmax1 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax2) Gmax2 = G[i]!;
      } else {
        if (status[i] !== UPPER && -G[i]! >= Gmax2) Gmax2 = -G[i]!;
        if (status[i] !== LOWER && G[i]! >= Gmax1) Gmax1 = G[i]!;
      }
    }
    if (!unshrink && Gmax1 + Gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let i = 0; i < activeSize; i++) {
      if (!beShrunk(i, Gmax1, Gmax2)) continue;
      activeSize--;
      while (activeSize > i) {
        if (!beShrunk(activeSize, Gmax1, Gmax2)) {
          swapIndex(i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  let iter = 0;
  const maxIter = Math.max(10_000_000, l > Math.floor(2147483647 / 100) ? 2147483647 : 100 * l);
  let counter = Math.min(l, 1000) + 1;

  while (iter < maxIter) {
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) doShrinking();
    }
    if (selectWorkingSet()) {
      reconstructGradient();
      activeSize = l;
      if (selectWorkingSet()) break;
      counter = 1;
    }
    ++iter;
    const i = outI, j = outJ;
    const rowI = idx[i]! * n, rowJ = idx[j]! * n;
    const yi = y[i]!, yj = y[j]!;
    const QiJ = Q[rowI + idx[j]!]!;
    const oldAi = alpha[i]!, oldAj = alpha[j]!;
    let ai = oldAi, aj = oldAj;

    if (yi !== yj) {
      let quad = QD[i]! + QD[j]! + 2 * QiJ;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      // C_i = C_j = C here, so libsvm's `diff > C_i − C_j` is `diff > 0`.
      if (diff > 0) {
        if (ai > C) {
          ai = C;
          aj = C - diff;
        }
      } else if (aj > C) {
        aj = C;
        ai = C + diff;
      }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * QiJ;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > C) {
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;

    const dAi = ai - oldAi, dAj = aj - oldAj;
    for (let k = 0; k < activeSize; k++) {
      const ik = idx[k]!;
      G[k] = G[k]! + (Q[rowI + ik]! * dAi + Q[rowJ + ik]! * dAj);
    }

    const wasUpperI = status[i] === UPPER, wasUpperJ = status[j] === UPPER;
    updateStatus(i);
    updateStatus(j);
    if (wasUpperI !== (status[i] === UPPER)) {
      const s = wasUpperI ? -C : C;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k]! + s * Q[rowI + idx[k]!]!;
    }
    if (wasUpperJ !== (status[j] === UPPER)) {
      const s = wasUpperJ ? -C : C;
      for (let k = 0; k < l; k++) Gbar[k] = Gbar[k]! + s * Q[rowJ + idx[k]!]!;
    }
  }

  const hitIterationLimit = iter >= maxIter;
  if (hitIterationLimit && activeSize < l) {
    reconstructGradient();
    activeSize = l;
  }

  // ρ (libsvm's calculate_rho).
  let nFree = 0, ub = Infinity, lb = -Infinity, sumFree = 0;
  for (let i = 0; i < activeSize; i++) {
    const yG = y[i]! * G[i]!;
    if (status[i] === UPPER) {
      // libsvm's min and max are `x < y ? x : y` and `x > y ? x : y` (not Math.min's ±0 rule).
      if (y[i] === -1) ub = ub < yG ? ub : yG;
      else lb = lb > yG ? lb : yG;
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = ub < yG ? ub : yG;
      else lb = lb > yG ? lb : yG;
    } else {
      nFree++;
      sumFree += yG;
    }
  }
  const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;

  let v = 0;
  for (let i = 0; i < l; i++) v += alpha[i]! * (G[i]! + P);

  const out = new Float64Array(l);
  for (let i = 0; i < l; i++) out[activeSet[i]!] = alpha[i]!;
  return { alpha: out, rho, obj: v / 2, iterations: iter, hitIterationLimit };
}
