import { css } from 'lit'

/** The look shared by labelled controls: a label above a native control. */
export const fieldStyles = css`
  :host {
    display: block;
    font: inherit;
  }
  label,
  legend,
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: var(--g-label-size, 0.875rem);
    font-weight: 600;
    color: var(--g-label-color, inherit);
  }
  input,
  textarea,
  select {
    width: 100%;
    padding: 0.5rem 0.625rem;
    font: inherit;
    color: inherit;
    background: var(--g-input-bg, #fff);
    border: 1px solid var(--g-border, #d0d7de);
    border-radius: var(--g-radius, 6px);
  }
  input:disabled,
  textarea:disabled,
  select:disabled {
    background: var(--g-disabled-bg, #f6f8fa);
    cursor: not-allowed;
  }
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--g-accent, #0969da);
    outline-offset: 1px;
  }
  :host([pending]) input,
  :host([pending]) textarea,
  :host([pending]) select,
  :host([pending]) .value {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
