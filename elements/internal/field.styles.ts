import { css } from 'lit'
import { t } from './tokens.styles.js'

/**
 * The look of every control: a label above the control, help and error under it; inputs,
 * textareas and selects that show hover, focus, error, read-only and pending states. Only
 * `:host` and the shadow root are styled: nothing here reaches the page.
 */
export const fieldStyles = css`
  :host {
    display: block;
    min-width: 0;
    color: ${t.text};
    font-family: ${t.font};
    line-height: 1.5;
    text-align: start;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
    font-style: normal;
    font-weight: 400;
  }
  [hidden] {
    display: none !important;
  }
  .head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.5rem;
    margin-bottom: 0.375rem;
  }
  label,
  legend,
  .label {
    display: block;
    padding: 0;
    font-size: ${t['label-size']};
    font-weight: 600;
    color: ${t['label-color']};
  }
  .label:not(.head .label),
  legend {
    margin-bottom: 0.375rem;
  }
  input,
  textarea,
  select,
  .box {
    display: block;
    width: 100%;
    min-height: 2.5rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    font: inherit;
    font-size: ${t['font-size']};
    line-height: 1.4;
    color: inherit;
    background: ${t['input-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    box-shadow: ${t.shadow};
    transition:
      border-color 0.15s,
      box-shadow 0.15s,
      opacity 0.2s 0.15s;
  }
  textarea {
    resize: vertical;
  }
  input:hover:not(:disabled),
  textarea:hover:not(:disabled),
  select:hover:not(:disabled),
  .box:hover:not(.off) {
    border-color: ${t['border-hover']};
  }
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible,
  .box:focus-within {
    outline: none;
    border-color: ${t.accent};
    box-shadow: 0 0 0 3px ${t['accent-soft']};
  }
  input::placeholder,
  textarea::placeholder {
    color: ${t.muted};
    opacity: 1;
  }
  input:disabled,
  textarea:disabled,
  select:disabled,
  .box.off {
    color: ${t['disabled-text']};
    background: ${t['disabled-bg']};
    box-shadow: none;
    cursor: not-allowed;
    opacity: 1;
  }
  [aria-invalid='true'],
  .box:has([aria-invalid='true']) {
    border-color: ${t['error-color']};
  }
  [part='info'] {
    margin-top: 0.375rem;
    font-size: 0.8125rem;
    color: ${t.muted};
  }
  [part='error'] {
    font-size: 0.8125rem;
    font-weight: 500;
    color: ${t['error-color']};
  }
  [part='error']:not(:empty) {
    margin-top: 0.375rem;
  }
  [part='base'] {
    position: relative;
  }
  :host([pending]) :is(input, textarea, select, .box, .value) {
    opacity: 0.6;
  }
  :host([pending]) [part='base']::after {
    content: '';
    position: absolute;
    left: 0;
    right: 0;
    bottom: -4px;
    height: 2px;
    border-radius: 1px;
    background: linear-gradient(90deg, transparent, ${t.accent}, transparent) 0 0 / 40% 100% no-repeat;
    animation: g-pending 1.1s ease-in-out 0.15s infinite both;
  }
  @keyframes g-pending {
    from {
      background-position: -40% 0;
    }
    to {
      background-position: 140% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    :host([pending]) [part='base']::after {
      animation: none;
      background: ${t.accent};
      opacity: 0.5;
    }
  }
`
