/*
 * The paper's LSTM regression network as one WebAssembly module (128-bit SIMD, no relaxed SIMD):
 * stacked LSTM layers, each followed by dropout and batch normalization, then Dense(1); forward
 * and backward over a whole batch and the Adam update, so a training batch is one call from
 * JavaScript instead of hundreds of tensor ops. Built by scripts/build-lstm-kernel.mjs
 * (clang --target=wasm32); the binary is committed as lstm-kernel-wasm.ts.
 *
 * One network per module instance: the state lives in globals. Memory is laid out once by
 * `setup` (weights, gradients, Adam moments, moving statistics, then activation buffers for a
 * capacity of rows); `set_capacity` re-lays the activation part. Nothing is allocated during
 * a training step.
 *
 * Layouts are row-major, batch-major: activations of layer k are [B, T, ·]; the parameters lie
 * in one vector in the layers model's order (per layer: W [in, 4u], U [u, 4u], b [4u],
 * gamma [u], beta [u]; then the dense kernel [u_last, 1] and bias [1]); gate order i, f, g, o
 * (Keras's i, f, c, o).
 *
 * Determinism: every sum runs in a fixed order that does not depend on the machine; exp and
 * tanh are our own polynomials (WebAssembly has no transcendental instructions); dropout masks
 * come from the same generator as lib/stats/random.ts (xoshiro128** seeded by splitmix32), drawn
 * element by element in row-major order, so the masks equal the layers engine's for the same
 * seeds.
 */
#include <wasm_simd128.h>

typedef unsigned int u32;
typedef unsigned long size_t;

#define EXPORT(name) __attribute__((export_name(#name)))
#define MAXL 6

extern unsigned char __heap_base;

/* ---------- configuration ---------- */
static int L, T, C0, cap;
static int U_[MAXL], IN_[MAXL];
static int nparams, nstats;
static float bn_momentum = 0.99f, bn_epsilon = 1e-3f;
static double keep_prob = 1.0;
/* u/2³² < keep ⇔ u < ⌈keep·2³²⌉: the same test as lib/stats/random.ts's uniform() < keep, on integers */
static unsigned long long keep_threshold = 0;
static float drop_scale = 1.0f;
static int dropout_on = 0;
static float adam_b1 = 0.9f, adam_b2 = 0.999f, adam_eps = 1e-7f;
static double acc_b1 = 1.0, acc_b2 = 1.0;

/* ---------- memory ---------- */
static size_t heap_top = 0, fixed_top = 0;

static int ensure_memory(size_t top) {
  size_t pages = __builtin_wasm_memory_size(0);
  size_t need = (top + 65535) / 65536;
  if (need > pages && __builtin_wasm_memory_grow(0, need - pages) == (size_t)-1) return 0;
  return 1;
}

static float *alloc_f(size_t n) {
  size_t p = (heap_top + 15) & ~(size_t)15;
  heap_top = p + n * 4;
  return (float *)p;
}

/* parameters, gradients, Adam moments */
static float *P, *G, *AM, *AV;
static float *W_[MAXL], *Ur_[MAXL], *B_[MAXL], *GAM_[MAXL], *BET_[MAXL], *WD, *BD;
static float *dW_[MAXL], *dU_[MAXL], *dB_[MAXL], *dGAM_[MAXL], *dBET_[MAXL], *dWD, *dBD;
/* moving statistics: per layer mean [u], variance [u] */
static float *STATS, *MMEAN_[MAXL], *MVAR_[MAXL];
/* per-layer batch statistics */
static float *RSTD_[MAXL], *BMEAN_[MAXL], *BVAR_[MAXL];
/* transposed kernels for the backward pass */
static float *UT_[MAXL], *WT_[MAXL];
/* activations (capacity rows) */
static float *XIN, *YIN, *OUT, *DOUT;
static float *GATES_[MAXL]; /* [B, T, 4u]: pre-activations, then activations; reused as dZ in backward */
static float *CELL_[MAXL], *TC_[MAXL], *H_[MAXL]; /* [B, T, u] */
static float *MASK_[MAXL];                         /* [R, u], R = B·T (sequence layers) or B (last) */
static float *XHAT_[MAXL], *Y_[MAXL];              /* [R, u] */
static float *DZ, *DY0, *DY1, *DHN, *DCN;

/* dropout generators: xoshiro128** state per layer */
static u32 RS[MAXL][4];

static int is_seq(int k) { return k < L - 1; }
static int rows_of(int k, int b) { return is_seq(k) ? b * T : b; }

/* ---------- math ---------- */
static inline v128_t v_exp(v128_t x) {
  x = wasm_f32x4_min(wasm_f32x4_max(x, wasm_f32x4_splat(-87.0f)), wasm_f32x4_splat(88.0f));
  v128_t fx = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
  x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
  y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
  y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(y, z), x), wasm_f32x4_splat(1.0f));
  v128_t e = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(fx), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(y, e);
}

static inline v128_t v_sigmoid(v128_t x) {
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, v_exp(wasm_f32x4_neg(x))));
}

/* tanh: Cephes's odd polynomial below |x| 0.625 (keeps relative precision near 0), else 1 − 2/(e^{2|x|} + 1). */
static inline v128_t v_tanh(v128_t x) {
  v128_t ax = wasm_f32x4_abs(x);
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t p = wasm_f32x4_splat(-5.70498872745e-3f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(2.06390887954e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(-5.37397155531e-2f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(1.33314422036e-1f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, z), wasm_f32x4_splat(-3.33332819422e-1f));
  v128_t small = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(p, z), x), x);
  v128_t one = wasm_f32x4_splat(1.0f);
  v128_t e = v_exp(wasm_f32x4_add(ax, ax));
  v128_t big = wasm_f32x4_sub(one, wasm_f32x4_div(wasm_f32x4_splat(2.0f), wasm_f32x4_add(e, one)));
  /* copy the sign of x onto the large branch */
  big = wasm_v128_or(big, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
  return wasm_v128_bitselect(small, big, wasm_f32x4_lt(ax, wasm_f32x4_splat(0.625f)));
}

/* Scalar versions through the same SIMD code, so a value never depends on its position. */
static inline float s_sigmoid(float x) { return wasm_f32x4_extract_lane(v_sigmoid(wasm_f32x4_splat(x)), 0); }
static inline float s_tanh(float x) { return wasm_f32x4_extract_lane(v_tanh(wasm_f32x4_splat(x)), 0); }

/*
 * One step of the cell for one row: gate activations in place (i, f, g, o), then
 * c = f·c_prev + i·g, tanh c and h = o·tanh c; 4 units at a time.
 */
static void cell_step(float *z, const float *cp, float *c, float *tc, float *h, int u) {
  int j = 0;
  for (; j + 4 <= u; j += 4) {
    v128_t ig = v_sigmoid(wasm_v128_load(z + j));
    v128_t fg = v_sigmoid(wasm_v128_load(z + u + j));
    v128_t gg = v_tanh(wasm_v128_load(z + 2 * u + j));
    v128_t og = v_sigmoid(wasm_v128_load(z + 3 * u + j));
    wasm_v128_store(z + j, ig), wasm_v128_store(z + u + j, fg), wasm_v128_store(z + 2 * u + j, gg), wasm_v128_store(z + 3 * u + j, og);
    v128_t cv = wasm_f32x4_mul(ig, gg);
    if (cp) cv = wasm_f32x4_add(wasm_f32x4_mul(fg, wasm_v128_load(cp + j)), cv);
    v128_t t = v_tanh(cv);
    wasm_v128_store(c + j, cv), wasm_v128_store(tc + j, t), wasm_v128_store(h + j, wasm_f32x4_mul(og, t));
  }
  for (; j < u; j++) {
    float ig = s_sigmoid(z[j]), fg = s_sigmoid(z[u + j]), gg = s_tanh(z[2 * u + j]), og = s_sigmoid(z[3 * u + j]);
    z[j] = ig, z[u + j] = fg, z[2 * u + j] = gg, z[3 * u + j] = og;
    float cv = ig * gg;
    if (cp) cv = fg * cp[j] + cv;
    c[j] = cv, tc[j] = s_tanh(cv), h[j] = og * tc[j];
  }
}

/*
 * C[i, j] (+)= Σ_p A(i, p) · B[p, j] with A(i, p) = A[i·ars + p·acs]: acs = 1 is A·B, ars = 1 is
 * Aᵀ·B. Register blocks of 4 rows × 8 columns; the sum over p runs in ascending order for every
 * element whatever the block.
 */
static inline __attribute__((always_inline)) void mm_gen(int M, int N, int K, const float *A, int ars, int acs, const float *B, int ldb, float *C,
                                                         int ldc, int acc) {
  int i = 0;
  for (; i + 4 <= M; i += 4) {
    const float *a0 = A + (size_t)i * ars, *a1 = a0 + ars, *a2 = a1 + ars, *a3 = a2 + ars;
    float *c0 = C + (size_t)i * ldc, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
    int j = 0;
    for (; j + 8 <= N; j += 8) {
      v128_t z = wasm_f32x4_splat(0.0f);
      v128_t s00 = acc ? wasm_v128_load(c0 + j) : z, s01 = acc ? wasm_v128_load(c0 + j + 4) : z;
      v128_t s10 = acc ? wasm_v128_load(c1 + j) : z, s11 = acc ? wasm_v128_load(c1 + j + 4) : z;
      v128_t s20 = acc ? wasm_v128_load(c2 + j) : z, s21 = acc ? wasm_v128_load(c2 + j + 4) : z;
      v128_t s30 = acc ? wasm_v128_load(c3 + j) : z, s31 = acc ? wasm_v128_load(c3 + j + 4) : z;
      const float *bp = B + j;
      for (int p = 0; p < K; p++, bp += ldb) {
        v128_t b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        v128_t x0 = wasm_f32x4_splat(a0[(size_t)p * acs]);
        v128_t x1 = wasm_f32x4_splat(a1[(size_t)p * acs]);
        v128_t x2 = wasm_f32x4_splat(a2[(size_t)p * acs]);
        v128_t x3 = wasm_f32x4_splat(a3[(size_t)p * acs]);
        s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, b0));
        s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, b1));
        s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x1, b0));
        s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, b1));
        s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(x2, b0));
        s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(x2, b1));
        s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(x3, b0));
        s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(x3, b1));
      }
      wasm_v128_store(c0 + j, s00), wasm_v128_store(c0 + j + 4, s01);
      wasm_v128_store(c1 + j, s10), wasm_v128_store(c1 + j + 4, s11);
      wasm_v128_store(c2 + j, s20), wasm_v128_store(c2 + j + 4, s21);
      wasm_v128_store(c3 + j, s30), wasm_v128_store(c3 + j + 4, s31);
    }
    for (; j + 4 <= N; j += 4) {
      v128_t z = wasm_f32x4_splat(0.0f);
      v128_t s0 = acc ? wasm_v128_load(c0 + j) : z, s1 = acc ? wasm_v128_load(c1 + j) : z;
      v128_t s2 = acc ? wasm_v128_load(c2 + j) : z, s3 = acc ? wasm_v128_load(c3 + j) : z;
      const float *bp = B + j;
      for (int p = 0; p < K; p++, bp += ldb) {
        v128_t b0 = wasm_v128_load(bp);
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_f32x4_splat(a0[(size_t)p * acs]), b0));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_f32x4_splat(a1[(size_t)p * acs]), b0));
        s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(wasm_f32x4_splat(a2[(size_t)p * acs]), b0));
        s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(wasm_f32x4_splat(a3[(size_t)p * acs]), b0));
      }
      wasm_v128_store(c0 + j, s0), wasm_v128_store(c1 + j, s1), wasm_v128_store(c2 + j, s2), wasm_v128_store(c3 + j, s3);
    }
    for (; j < N; j++) {
      float s0 = acc ? c0[j] : 0.0f, s1 = acc ? c1[j] : 0.0f, s2 = acc ? c2[j] : 0.0f, s3 = acc ? c3[j] : 0.0f;
      for (int p = 0; p < K; p++) {
        float b = B[(size_t)p * ldb + j];
        s0 += a0[(size_t)p * acs] * b, s1 += a1[(size_t)p * acs] * b, s2 += a2[(size_t)p * acs] * b, s3 += a3[(size_t)p * acs] * b;
      }
      c0[j] = s0, c1[j] = s1, c2[j] = s2, c3[j] = s3;
    }
  }
  for (; i < M; i++) {
    const float *a0 = A + (size_t)i * ars;
    float *c0 = C + (size_t)i * ldc;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      v128_t s0 = acc ? wasm_v128_load(c0 + j) : wasm_f32x4_splat(0.0f);
      const float *bp = B + j;
      for (int p = 0; p < K; p++, bp += ldb) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_f32x4_splat(a0[(size_t)p * acs]), wasm_v128_load(bp)));
      wasm_v128_store(c0 + j, s0);
    }
    for (; j < N; j++) {
      float s0 = acc ? c0[j] : 0.0f;
      for (int p = 0; p < K; p++) s0 += a0[(size_t)p * acs] * B[(size_t)p * ldb + j];
      c0[j] = s0;
    }
  }
}

/* A [M, K] (row stride lda) · B [K, N] */
static void mm_nn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc, int acc) {
  mm_gen(M, N, K, A, lda, 1, B, ldb, C, ldc, acc);
}
/* Aᵀ · B with A [K_rows = red, M] (row stride lda), B [red, N]: C [M, N] = Σ_r A[r, i] B[r, j] */
static void mm_tn(int M, int N, int red, const float *A, int lda, const float *B, int ldb, float *C, int ldc, int acc) {
  mm_gen(M, N, red, A, 1, lda, B, ldb, C, ldc, acc);
}

static void transpose(const float *A, int rows, int cols, float *out) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) out[(size_t)c * rows + r] = A[(size_t)r * cols + c];
}

/* ---------- random numbers (lib/stats/random.ts) ---------- */
static u32 rotl(u32 x, int k) { return (x << k) | (x >> (32 - k)); }

static u32 next_u32(u32 *s) {
  u32 result = rotl(s[1] * 5u, 7) * 9u;
  u32 t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

EXPORT(seed_dropout) void seed_dropout(int k, u32 seed) {
  u32 sm = seed;
  for (int i = 0; i < 4; i++) {
    sm += 0x9e3779b9u;
    u32 z = sm;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    RS[k][i] = z ^ (z >> 16);
  }
  if ((RS[k][0] | RS[k][1] | RS[k][2] | RS[k][3]) == 0) RS[k][0] = 1;
}

static void draw_mask(int k, int n) {
  float *m = MASK_[k];
  u32 *st = RS[k];
  for (int i = 0; i < n; i++) m[i] = (unsigned long long)next_u32(st) < keep_threshold ? drop_scale : 0.0f;
}

/* ---------- setup ---------- */
static int layout_activations(int capacity) {
  heap_top = fixed_top;
  cap = capacity;
  int umax = 1, wmax = C0;
  for (int k = 0; k < L; k++) {
    if (U_[k] > umax) umax = U_[k];
    if (IN_[k] > wmax) wmax = IN_[k];
  }
  size_t bt = (size_t)cap * T;
  XIN = alloc_f(bt * C0);
  YIN = alloc_f(cap);
  OUT = alloc_f(cap);
  DOUT = alloc_f(cap);
  for (int k = 0; k < L; k++) {
    int u = U_[k];
    GATES_[k] = alloc_f(bt * 4 * u);
    CELL_[k] = alloc_f(bt * u);
    TC_[k] = alloc_f(bt * u);
    H_[k] = alloc_f(bt * u);
    size_t r = is_seq(k) ? bt : (size_t)cap;
    MASK_[k] = alloc_f(r * u);
    XHAT_[k] = alloc_f(r * u);
    Y_[k] = alloc_f(r * u);
  }
  DZ = alloc_f(bt * 4 * umax);
  DY0 = alloc_f(bt * (umax > wmax ? umax : wmax));
  DY1 = alloc_f(bt * (umax > wmax ? umax : wmax));
  DHN = alloc_f((size_t)cap * umax);
  DCN = alloc_f((size_t)cap * umax);
  return ensure_memory(heap_top) ? 0 : -1;
}

/* Lays out the network (layers, steps, input channels, units) and returns the parameter count (< 0: error). */
EXPORT(setup) int setup(int layers, int steps, int channels, int u0, int u1, int u2, int u3, int u4, int u5, int capacity) {
  int us[6] = {u0, u1, u2, u3, u4, u5};
  if (layers < 1 || layers > MAXL || steps < 1 || channels < 1 || capacity < 1) return -1;
  L = layers, T = steps, C0 = channels;
  heap_top = (size_t)&__heap_base;
  int in = channels;
  nparams = 0, nstats = 0;
  for (int k = 0; k < L; k++) {
    if (us[k] < 1) return -1;
    U_[k] = us[k], IN_[k] = in;
    nparams += in * 4 * us[k] + us[k] * 4 * us[k] + 4 * us[k] + 2 * us[k];
    nstats += 2 * us[k];
    in = us[k];
  }
  nparams += in + 1;
  P = alloc_f(nparams), G = alloc_f(nparams), AM = alloc_f(nparams), AV = alloc_f(nparams);
  STATS = alloc_f(nstats);
  if (!ensure_memory(heap_top)) return -2;
  float *p = P, *g = G, *s = STATS;
  for (int k = 0; k < L; k++) {
    int u = U_[k], n = IN_[k];
    W_[k] = p, dW_[k] = g, p += n * 4 * u, g += n * 4 * u;
    Ur_[k] = p, dU_[k] = g, p += u * 4 * u, g += u * 4 * u;
    B_[k] = p, dB_[k] = g, p += 4 * u, g += 4 * u;
    GAM_[k] = p, dGAM_[k] = g, p += u, g += u;
    BET_[k] = p, dBET_[k] = g, p += u, g += u;
    MMEAN_[k] = s, s += u;
    MVAR_[k] = s, s += u;
    RSTD_[k] = alloc_f(u), BMEAN_[k] = alloc_f(u), BVAR_[k] = alloc_f(u);
    UT_[k] = alloc_f((size_t)u * 4 * u), WT_[k] = alloc_f((size_t)n * 4 * u);
  }
  WD = p, dWD = g, p += in, g += in;
  BD = p, dBD = g;
  for (int i = 0; i < nparams; i++) P[i] = G[i] = AM[i] = AV[i] = 0.0f;
  fixed_top = heap_top;
  if (layout_activations(capacity) < 0) return -2;
  acc_b1 = acc_b2 = 1.0;
  return nparams;
}

EXPORT(set_capacity) int set_capacity(int capacity) { return layout_activations(capacity); }
EXPORT(capacity) int capacity_(void) { return cap; }
EXPORT(param_count) int param_count(void) { return nparams; }
EXPORT(stats_count) int stats_count(void) { return nstats; }
EXPORT(params_ptr) float *params_ptr(void) { return P; }
EXPORT(grads_ptr) float *grads_ptr(void) { return G; }
EXPORT(stats_ptr) float *stats_ptr(void) { return STATS; }
EXPORT(x_ptr) float *x_ptr(void) { return XIN; }
EXPORT(y_ptr) float *y_ptr(void) { return YIN; }
EXPORT(out_ptr) float *out_ptr(void) { return OUT; }
EXPORT(mask_ptr) float *mask_ptr(int k) { return MASK_[k]; }

EXPORT(configure) void configure(double keep, float momentum, float epsilon, float b1, float b2, float eps) {
  keep_prob = keep;
  dropout_on = keep < 1.0;
  double scaled = keep * 4294967296.0;
  unsigned long long fl = (unsigned long long)scaled;
  keep_threshold = (double)fl == scaled ? fl : fl + 1;
  drop_scale = (float)(1.0 / keep);
  bn_momentum = momentum, bn_epsilon = epsilon;
  adam_b1 = b1, adam_b2 = b2, adam_eps = eps;
}

EXPORT(reset_adam) void reset_adam(void) {
  for (int i = 0; i < nparams; i++) AM[i] = AV[i] = 0.0f;
  acc_b1 = acc_b2 = 1.0;
}

/* ---------- forward ---------- */
/* mode: 0 inference, 1 training with masks drawn here, 2 training with masks written by the caller. */
static void forward(int b, int mode) {
  const float *x = XIN;
  for (int k = 0; k < L; k++) {
    int u = U_[k], n = IN_[k], g4 = 4 * u;
    float *Z = GATES_[k], *Cc = CELL_[k], *TCc = TC_[k], *H = H_[k];
    int bt = b * T;
    for (int r = 0; r < bt; r++)
      for (int j = 0; j < g4; j++) Z[(size_t)r * g4 + j] = B_[k][j];
    mm_nn(bt, g4, n, x, n, W_[k], g4, Z, g4, 1);
    for (int t = 0; t < T; t++) {
      if (t > 0) mm_nn(b, g4, u, H + (size_t)(t - 1) * u, T * u, Ur_[k], g4, Z + (size_t)t * g4, T * g4, 1);
      for (int i = 0; i < b; i++) {
        size_t row = (size_t)i * T + t;
        cell_step(Z + row * g4, t > 0 ? Cc + (row - 1) * u : 0, Cc + row * u, TCc + row * u, H + row * u, u);
      }
    }
    /* layer output → dropout → batch normalization */
    int R = rows_of(k, b);
    float *D = XHAT_[k], *Yk = Y_[k], *M = MASK_[k];
    for (int r = 0; r < R; r++) {
      const float *src = is_seq(k) ? H + (size_t)r * u : H + ((size_t)r * T + T - 1) * u;
      for (int j = 0; j < u; j++) D[(size_t)r * u + j] = src[j];
    }
    if (mode > 0 && dropout_on) {
      if (mode == 1) draw_mask(k, R * u);
      for (size_t i = 0; i < (size_t)R * u; i++) D[i] *= M[i];
    }
    float *mean = BMEAN_[k], *var = BVAR_[k], *rstd = RSTD_[k];
    if (mode > 0) {
      for (int j = 0; j < u; j++) mean[j] = 0.0f, var[j] = 0.0f;
      for (int r = 0; r < R; r++)
        for (int j = 0; j < u; j++) mean[j] += D[(size_t)r * u + j];
      for (int j = 0; j < u; j++) mean[j] /= (float)R;
      for (int r = 0; r < R; r++)
        for (int j = 0; j < u; j++) {
          float d = D[(size_t)r * u + j] - mean[j];
          var[j] += d * d;
        }
      for (int j = 0; j < u; j++) {
        var[j] /= (float)R;
        /* Keras/tfjs moving averages: m ← m − (m − batch) × (1 − momentum). */
        MMEAN_[k][j] -= (MMEAN_[k][j] - mean[j]) * (1.0f - bn_momentum);
        MVAR_[k][j] -= (MVAR_[k][j] - var[j]) * (1.0f - bn_momentum);
      }
    } else {
      for (int j = 0; j < u; j++) mean[j] = MMEAN_[k][j], var[j] = MVAR_[k][j];
    }
    for (int j = 0; j < u; j++) rstd[j] = 1.0f / __builtin_sqrtf(var[j] + bn_epsilon);
    for (int r = 0; r < R; r++)
      for (int j = 0; j < u; j++) {
        size_t i = (size_t)r * u + j;
        float xh = (D[i] - mean[j]) * rstd[j];
        D[i] = xh;
        Yk[i] = xh * GAM_[k][j] + BET_[k][j];
      }
    x = Yk;
  }
  int u = U_[L - 1];
  for (int i = 0; i < b; i++) {
    float s = 0.0f;
    for (int j = 0; j < u; j++) s += x[(size_t)i * u + j] * WD[j];
    OUT[i] = s + BD[0];
  }
}

/* ---------- backward ---------- */
static float backward(int b) {
  float loss = 0.0f;
  for (int i = 0; i < b; i++) {
    float d = OUT[i] - YIN[i];
    loss += d * d;
    DOUT[i] = 2.0f * d / (float)b;
  }
  loss /= (float)b;
  int uL = U_[L - 1];
  const float *yl = Y_[L - 1];
  float *dY = DY0, *dYnext = DY1;
  dBD[0] = 0.0f;
  for (int i = 0; i < b; i++) dBD[0] += DOUT[i];
  for (int j = 0; j < uL; j++) {
    float s = 0.0f;
    for (int i = 0; i < b; i++) s += DOUT[i] * yl[(size_t)i * uL + j];
    dWD[j] = s;
  }
  for (int i = 0; i < b; i++)
    for (int j = 0; j < uL; j++) dY[(size_t)i * uL + j] = DOUT[i] * WD[j];

  for (int k = L - 1; k >= 0; k--) {
    int u = U_[k], n = IN_[k], g4 = 4 * u, R = rows_of(k, b);
    const float *xh = XHAT_[k], *M = MASK_[k];
    /* batch normalization: dx = γ·rstd·(dy − mean(dy) − x̂·mean(dy·x̂)) */
    for (int j = 0; j < u; j++) dBET_[k][j] = 0.0f, dGAM_[k][j] = 0.0f;
    for (int r = 0; r < R; r++)
      for (int j = 0; j < u; j++) {
        size_t i = (size_t)r * u + j;
        dBET_[k][j] += dY[i];
        dGAM_[k][j] += dY[i] * xh[i];
      }
    for (int r = 0; r < R; r++)
      for (int j = 0; j < u; j++) {
        size_t i = (size_t)r * u + j;
        float d = GAM_[k][j] * RSTD_[k][j] * (dY[i] - dBET_[k][j] / (float)R - xh[i] * (dGAM_[k][j] / (float)R));
        dY[i] = dropout_on ? d * M[i] : d;
      }
    /* back-propagation through time; dZ overwrites the activations' buffer only after their last use */
    float *A = GATES_[k], *Cc = CELL_[k], *TCc = TC_[k], *dZ = DZ;
    for (int t = T - 1; t >= 0; t--) {
      for (int i = 0; i < b; i++) {
        size_t row = (size_t)i * T + t;
        const float *a = A + row * g4, *tc = TCc + row * u, *cp = t > 0 ? Cc + (row - 1) * u : 0;
        const float *dyin = is_seq(k) ? dY + row * u : (t == T - 1 ? dY + (size_t)i * u : 0);
        float *dhn = DHN + (size_t)i * u, *dcn = DCN + (size_t)i * u, *dz = dZ + row * g4;
        int later = t < T - 1;
        int j = 0;
        v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);
        for (; j + 4 <= u; j += 4) {
          v128_t ig = wasm_v128_load(a + j), fg = wasm_v128_load(a + u + j), gg = wasm_v128_load(a + 2 * u + j), og = wasm_v128_load(a + 3 * u + j);
          v128_t tcj = wasm_v128_load(tc + j);
          v128_t dh = dyin ? wasm_v128_load(dyin + j) : zero;
          if (later) dh = dyin ? wasm_f32x4_add(dh, wasm_v128_load(dhn + j)) : wasm_v128_load(dhn + j);
          v128_t dc = wasm_f32x4_mul(wasm_f32x4_mul(dh, og), wasm_f32x4_sub(one, wasm_f32x4_mul(tcj, tcj)));
          if (later) dc = wasm_f32x4_add(dc, wasm_v128_load(dcn + j));
          wasm_v128_store(dz + j, wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(dc, gg), ig), wasm_f32x4_sub(one, ig)));
          wasm_v128_store(dz + u + j, cp ? wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(dc, wasm_v128_load(cp + j)), fg), wasm_f32x4_sub(one, fg)) : zero);
          wasm_v128_store(dz + 2 * u + j, wasm_f32x4_mul(wasm_f32x4_mul(dc, ig), wasm_f32x4_sub(one, wasm_f32x4_mul(gg, gg))));
          wasm_v128_store(dz + 3 * u + j, wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(dh, tcj), og), wasm_f32x4_sub(one, og)));
          wasm_v128_store(dcn + j, wasm_f32x4_mul(dc, fg));
        }
        for (; j < u; j++) {
          float ig = a[j], fg = a[u + j], gg = a[2 * u + j], og = a[3 * u + j], tcj = tc[j];
          float dh = (dyin ? dyin[j] : 0.0f) + (later ? dhn[j] : 0.0f);
          float dc = dh * og * (1.0f - tcj * tcj) + (later ? dcn[j] : 0.0f);
          dz[j] = dc * gg * ig * (1.0f - ig);
          dz[u + j] = cp ? dc * cp[j] * fg * (1.0f - fg) : 0.0f;
          dz[2 * u + j] = dc * ig * (1.0f - gg * gg);
          dz[3 * u + j] = dh * tcj * og * (1.0f - og);
          dcn[j] = dc * fg;
        }
      }
      if (t > 0) mm_nn(b, u, g4, dZ + (size_t)t * g4, T * g4, UT_[k], u, DHN, u, 0);
    }
    int bt = b * T;
    const float *xin = k == 0 ? XIN : Y_[k - 1];
    mm_tn(n, g4, bt, xin, n, dZ, g4, dW_[k], g4, 0);
    for (int j = 0; j < g4; j++) dB_[k][j] = 0.0f;
    for (int r = 0; r < bt; r++)
      for (int j = 0; j < g4; j++) dB_[k][j] += dZ[(size_t)r * g4 + j];
    if (T > 1) {
      for (int t = 1; t < T; t++) mm_tn(u, g4, b, H_[k] + (size_t)(t - 1) * u, T * u, dZ + (size_t)t * g4, T * g4, dU_[k], g4, t > 1);
    } else {
      for (int i = 0; i < u * g4; i++) dU_[k][i] = 0.0f;
    }
    if (k > 0) {
      mm_nn(bt, n, g4, dZ, g4, WT_[k], n, dYnext, n, 0);
      float *tmp = dY;
      dY = dYnext, dYnext = tmp;
    }
  }
  return loss;
}

static void prepare_transposes(void) {
  for (int k = 0; k < L; k++) {
    transpose(Ur_[k], U_[k], 4 * U_[k], UT_[k]);
    transpose(W_[k], IN_[k], 4 * U_[k], WT_[k]);
  }
}

/* ---------- Adam (tfjs's form: w ← w − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)) ---------- */
EXPORT(adam) void adam(float lr) {
  acc_b1 *= adam_b1;
  acc_b2 *= adam_b2;
  v128_t b1 = wasm_f32x4_splat(adam_b1), b1c = wasm_f32x4_splat(1.0f - adam_b1);
  v128_t b2 = wasm_f32x4_splat(adam_b2), b2c = wasm_f32x4_splat(1.0f - adam_b2);
  float c1 = (float)(1.0 - acc_b1), c2 = (float)(1.0 - acc_b2);
  v128_t vc1 = wasm_f32x4_splat(c1), vc2 = wasm_f32x4_splat(c2), veps = wasm_f32x4_splat(adam_eps), vlr = wasm_f32x4_splat(lr);
  int i = 0;
  for (; i + 4 <= nparams; i += 4) {
    v128_t g = wasm_v128_load(G + i);
    v128_t m = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(AM + i), b1), wasm_f32x4_mul(g, b1c));
    v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(AV + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(g, g), b2c));
    wasm_v128_store(AM + i, m);
    wasm_v128_store(AV + i, v);
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(m, vc1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(v, vc2)), veps));
    wasm_v128_store(P + i, wasm_f32x4_sub(wasm_v128_load(P + i), wasm_f32x4_mul(step, vlr)));
  }
  for (; i < nparams; i++) {
    float g = G[i];
    float m = AM[i] * adam_b1 + g * (1.0f - adam_b1);
    float v = AV[i] * adam_b2 + (g * g) * (1.0f - adam_b2);
    AM[i] = m, AV[i] = v;
    P[i] -= (m / c1) / (__builtin_sqrtf(v / c2) + adam_eps) * lr;
  }
}

/* Training-mode forward and backward on b rows of x_ptr/y_ptr: returns the batch MSE, gradients in grads_ptr. */
EXPORT(forward_backward) float forward_backward(int b, int masks_given) {
  if (b < 1 || b > cap) return -1.0f;
  forward(b, masks_given ? 2 : 1);
  prepare_transposes();
  return backward(b);
}

/* One training step: forward, backward, Adam. */
EXPORT(train_step) float train_step(int b, float lr) {
  float loss = forward_backward(b, 0);
  if (loss >= 0.0f) adam(lr);
  return loss;
}

/* Training-mode forward without gradients (dropout drawn, moving statistics updated): outputs in out_ptr. */
EXPORT(forward_training) int forward_training(int b) {
  if (b < 1 || b > cap) return -1;
  forward(b, 1);
  return 0;
}

/* Inference (no dropout, moving statistics): outputs in out_ptr. */
EXPORT(infer) int infer(int b) {
  if (b < 1 || b > cap) return -1;
  forward(b, 0);
  return 0;
}
