/**
 * Learning-rate schedule on a validation-loss plateau with Keras's rule
 * (`ReduceLROnPlateau(monitor='val_loss', mode='min', factor, patience, min_lr, min_delta,
 * cooldown)`), as a pure reducer applied after every epoch:
 *
 * 1. in cooldown (counter > 0): the counter drops by 1 and `wait` resets to 0;
 * 2. if `value < best − minDelta` (strict; NaN never improves; best starts at +∞): best = value,
 *    wait = 0;
 * 3. else, when not in cooldown: wait += 1, and once `wait ≥ patience`, if lr > minLr the rate
 *    becomes max(lr × factor, minLr), the cooldown counter is set to `cooldown` and wait = 0.
 *
 * The new rate applies from the next epoch. With cooldown 0 and no improvement, the rate halves
 * (factor 0.5) every `patience` epochs. Keras's default min_delta here is 1e-4 (absolute), unlike
 * EarlyStopping's 0; both are parameters.
 *
 * @example
 *   let s = initialPlateau(0.005);
 *   for (const v of losses) s = plateauStep(s, v, { factor: 0.5, patience: 20, minLr: 1e-6, minDelta: 1e-4, cooldown: 0 });
 *   s.lr;
 */
export interface PlateauOptions {
  factor: number;
  patience: number;
  minLr: number;
  minDelta: number;
  cooldown: number;
}

export interface PlateauState {
  lr: number;
  best: number;
  wait: number;
  cooldownCounter: number;
  /** The step just taken lowered the rate. */
  isReduced: boolean;
}

export function initialPlateau(lr: number): PlateauState {
  return { lr, best: Infinity, wait: 0, cooldownCounter: 0, isReduced: false };
}

/** Keras compares the rate as float32 (its optimizer variable) with float32(min_lr). */
const f32 = (x: number) => Math.fround(x);

export function plateauStep(state: PlateauState, value: number, options: PlateauOptions): PlateauState {
  let { lr, best, wait, cooldownCounter } = state;
  let isReduced = false;
  if (cooldownCounter > 0) {
    cooldownCounter -= 1;
    wait = 0;
  }
  if (value < best - options.minDelta) {
    best = value;
    wait = 0;
  } else if (cooldownCounter === 0) {
    wait += 1;
    if (wait >= options.patience) {
      if (f32(lr) > f32(options.minLr)) {
        lr = Math.max(lr * options.factor, options.minLr);
        isReduced = true;
        cooldownCounter = options.cooldown;
        wait = 0;
      }
    }
  }
  return { lr, best, wait, cooldownCounter, isReduced };
}
