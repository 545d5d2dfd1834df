import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'

/** One measured figure, with the baseline it is judged against. */
export interface Figure {
  /** Stable key in results.json, such as `rtt.median`. */
  key: string
  name: string
  unit: string
  value: number
  baseline?: { name: string; value: number }
  /** `value / baseline.value`. */
  ratio?: number
  /** What the issue asks for, in words (`≤ 1.3×`); absent when it asks for a report only. */
  target?: string
  met?: boolean
  note?: string
}

export interface Bound {
  /** Largest acceptable ratio. */
  maxRatio?: number
  /** Smallest acceptable ratio. */
  minRatio?: number
}

/** A figure judged by its ratio to a baseline. */
export function ratioFigure(
  fields: Omit<Figure, 'ratio' | 'target' | 'met' | 'baseline'> & { baseline: { name: string; value: number } },
  bound: Bound = {},
): Figure {
  const ratio = fields.value / fields.baseline.value
  const figure: Figure = { ...fields, ratio }
  if (bound.maxRatio !== undefined) Object.assign(figure, { target: `≤ ${bound.maxRatio}×`, met: ratio <= bound.maxRatio })
  if (bound.minRatio !== undefined) Object.assign(figure, { target: `≥ ${bound.minRatio}×`, met: ratio >= bound.minRatio })
  return figure
}

function formatNumber(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`
}

/** The results as a table: figure, value, baseline, ratio, target, met?. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.name,
    formatNumber(f.value, f.unit),
    f.baseline ? `${formatNumber(f.baseline.value, f.unit)} (${f.baseline.name})` : '—',
    f.ratio === undefined ? '—' : `${f.ratio.toFixed(2)}×`,
    f.target ?? '—',
    f.met === undefined ? '—' : f.met ? 'yes' : 'NO',
  ])
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met?']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`)
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', ...notes].join('\n')
}

export function writeResults(path: string, figures: readonly Figure[], seconds: number): void {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, platform: `${process.platform} ${process.arch}` }
  const results = { date: new Date().toISOString(), seconds: Math.round(seconds), machine, figures }
  const rounded = (_key: string, value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) / 1000 : value)
  writeFileSync(path, JSON.stringify(results, rounded, 2) + '\n')
}
