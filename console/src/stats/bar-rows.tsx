/**
 * A horizontal bar chart as a list: each row is its label, its bar and its values in words, so the
 * chart reads as text too (the bar itself is decoration, hidden from assistive technology). Bars start
 * at the line's start: on the right in Arabic (the SVG is mirrored by CSS, its text-free shapes only).
 * `stack`: segments side by side (counts that add up); `overlay`: each from the start, widest first
 * (a 90th percentile behind its median).
 */
import type { ReactNode } from 'react';

export interface BarSegment {
  key: string;
  value: number;
  tone: string;
}
export interface BarRow {
  key: string;
  label: ReactNode;
  segments: BarSegment[];
  /** The row's figures in words. */
  text: ReactNode;
}

export function BarRows({ rows, mode, max, label }: { rows: BarRow[]; mode: 'stack' | 'overlay'; max?: number; label: string }) {
  const total = (r: BarRow) => (mode === 'stack' ? r.segments.reduce((n, s) => n + s.value, 0) : Math.max(0, ...r.segments.map((s) => s.value)));
  const scale = max ?? Math.max(0, ...rows.map(total));
  return (
    <ul className="bars" aria-label={label}>
      {rows.map((row) => {
        let x = 0;
        const segments = mode === 'overlay' ? [...row.segments].sort((a, b) => b.value - a.value) : row.segments;
        return (
          <li key={row.key} className="bars__row">
            <span className="bars__label">{row.label}</span>
            <svg className="bars__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect className="bars__track" x="0" y="0" width="100" height="10" />
              {scale > 0 &&
                segments.map((s) => {
                  const width = (s.value / scale) * 100;
                  const rect = <rect key={s.key} className={`bars__segment tone-${s.tone}`} x={mode === 'stack' ? x : 0} y="0" width={width} height="10" />;
                  if (mode === 'stack') x += width;
                  return rect;
                })}
            </svg>
            <span className="bars__value">{row.text}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** What each colour means, in words. */
export function BarLegend({ items }: { items: Array<{ tone: string; label: string }> }) {
  return (
    <ul className="bars-legend">
      {items.map((i) => (
        <li key={i.tone}>
          <span className={`bars-legend__swatch tone-${i.tone}`} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
