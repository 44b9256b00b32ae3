'use client';
import { useId } from 'react';

/** A labelled slider with a number field beside it (both keyboard-accessible, same value). */
export function NumberSlider({
  label,
  value,
  min,
  max,
  step = 1,
  onChange,
  format,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
  format?: (v: number) => string;
  testId?: string;
}) {
  const id = useId();
  const clamp = (v: number) => Math.min(max, Math.max(min, Math.round(v / step) * step));
  return (
    <div className="number-slider">
      <label htmlFor={`${id}-range`}>
        {label}
        {format && <span className="slider-value"> {format(value)}</span>}
      </label>
      <div className="number-slider-row">
        <input
          id={`${id}-range`}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          data-testid={testId ? `${testId}-range` : undefined}
          aria-valuetext={format ? format(value) : String(value)}
          onChange={(e) => onChange(clamp(Number(e.target.value)))}
        />
        <input
          type="number"
          aria-label={`${label} (number)`}
          min={min}
          max={max}
          step={step}
          value={value}
          data-testid={testId ? `${testId}-number` : undefined}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(v)) onChange(clamp(v));
          }}
        />
      </div>
    </div>
  );
}
