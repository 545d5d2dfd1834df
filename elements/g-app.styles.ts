import { css } from 'lit'
import { t, themeStyles } from './internal/tokens.styles.js'

/**
 * The app: it defines the theme's tokens (light, dark) for everything inside it, paints its own
 * background, and spaces its children (`--g-gap`) so that a page needs no CSS of its own.
 */
export default [
  themeStyles,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      padding: ${t['app-padding']};
      font-family: ${t.font};
      font-size: ${t['font-size']};
      line-height: 1.5;
      color: ${t.text};
      background: ${t.bg};
      border-radius: ${t['radius-lg']};
      text-align: start;
      text-transform: none;
      letter-spacing: normal;
      word-spacing: normal;
      font-style: normal;
      font-weight: 400;
    }
    :host([hidden]) {
      display: none !important;
    }
    [hidden] {
      display: none !important;
    }
    /* The slot lays out the app's children: a page needs no CSS of its own to space them. */
    slot:not([name]) {
      display: flex;
      flex-direction: column;
      gap: ${t.gap};
    }
    [part='status']:not([hidden]) {
      margin-top: ${t.gap};
      padding: 0.5rem 0.75rem;
      border-radius: ${t.radius};
      background: ${t['notice-bg']};
      color: ${t['notice-color']};
    }
    /* display: errors, notices and their close buttons are toasts, styled by g-toasts.styles.ts. */
  `,
]
