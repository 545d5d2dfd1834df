import { css, unsafeCSS, type CSSResult } from 'lit'

/**
 * Every design token of the kit, defined once: `[light, dark]` values of `--g-<name>`.
 * `<g-app>` defines them on itself (light, or dark from `prefers-color-scheme` or
 * `theme="dark"`), so every element inside inherits them; an element outside any app falls
 * back to the light value. Each token is documented with `@cssprop` on `GField`
 * (elements/internal/field.ts), and test/elements/tokens.test.ts checks the two agree.
 */
export const TOKENS = {
  font: ['system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'],
  mono: ['ui-monospace, SFMono-Regular, Menlo, Consolas, monospace'],
  'font-size': ['0.9375rem'],
  text: ['#1f2328', '#e6edf3'],
  muted: ['#59636e', '#9198a1'],
  bg: ['#ffffff', '#0d1117'],
  'input-bg': ['#ffffff', '#151b23'],
  'subtle-bg': ['#f6f8fa', '#212830'],
  border: ['#d1d9e0', '#3d444d'],
  'border-hover': ['#a5b0bb', '#656c76'],
  accent: ['#2563eb', '#3b82f6'],
  'accent-hover': ['#1d4ed8', '#60a5fa'],
  'accent-text': ['#ffffff', '#0b1220'],
  'accent-soft': ['rgb(37 99 235 / 0.28)', 'rgb(96 165 250 / 0.35)'],
  'button-bg': ['#f6f8fa', '#262c36'],
  'button-hover-bg': ['#eaeef2', '#2f3742'],
  stop: ['#d1242f', '#f85149'],
  'stop-hover': ['#a40e26', '#ff7b72'],
  'stop-text': ['#ffffff', '#160b0b'],
  'disabled-bg': ['#eff2f5', '#1b2129'],
  'disabled-text': ['#424a53', '#b7bdc8'],
  'label-size': ['0.875rem'],
  'label-color': ['#1f2328', '#e6edf3'],
  'error-color': ['#d1242f', '#ff7b72'],
  'error-bg': ['#ffebe9', '#2d1517'],
  'notice-bg': ['#fff8c5', '#2e2610'],
  'notice-color': ['#6a4a00', '#e3b341'],
  'json-key': ['#8250df', '#d2a8ff'],
  'json-string': ['#0a3069', '#a5d6ff'],
  'json-number': ['#0550ae', '#79c0ff'],
  radius: ['8px'],
  'radius-lg': ['12px'],
  gap: ['1rem'],
  'app-padding': ['1rem'],
  shadow: ['0 1px 2px rgb(31 35 40 / 0.06)', '0 1px 2px rgb(1 4 9 / 0.6)'],
  'shadow-popup': ['0 8px 24px rgb(66 74 83 / 0.18)', '0 8px 24px rgb(1 4 9 / 0.8)'],
} as const satisfies Record<string, readonly [string] | readonly [string, string]>

/** A token's name, without `--g-`. */
export type TokenName = keyof typeof TOKENS

/**
 * `var(--g-<name>, <light value>)`: how styles read a token, so that an element outside any
 * `<g-app>` still looks right.
 */
export const t = Object.fromEntries(
  Object.entries(TOKENS).map(([name, values]) => [name, unsafeCSS(`var(--g-${name}, ${values[0]})`)]),
) as Record<TokenName, CSSResult>

const declarations = (theme: 0 | 1): string =>
  Object.entries(TOKENS)
    .filter(([, values]) => values.length > theme)
    .map(([name, values]) => `--g-${name}: ${values[theme]};`)
    .join('')

const light = unsafeCSS(declarations(0))
const dark = unsafeCSS(declarations(1))

/**
 * The tokens on `<g-app>`'s host: light by default, dark when the system prefers it (unless
 * `theme="light"`) or with `theme="dark"`. Native parts (scrollbars, select popups) follow
 * through `color-scheme`.
 */
export const themeStyles = css`
  :host {
    ${light}
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
`
