import { css } from 'lit'

export default css`
  :host {
    display: block;
    font-family: var(--g-font, system-ui, sans-serif);
    color: var(--g-text, #1f2328);
  }
  :host([hidden]) {
    display: none !important;
  }
  [part='status']:not([hidden]) {
    margin-top: 0.75rem;
    padding: 0.5rem 0.75rem;
    border-radius: var(--g-radius, 6px);
    background: var(--g-notice-bg, #fff8c5);
    color: var(--g-notice-color, #6a4a00);
  }
  [part='error'] {
    margin-top: 0.5rem;
    display: flex;
    align-items: start;
    gap: 0.5rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--g-error-color, #cf222e);
    border-radius: var(--g-radius, 6px);
    color: var(--g-error-color, #cf222e);
    background: var(--g-error-bg, #ffebe9);
  }
  [part='error'] span {
    flex: 1;
  }
  [part='dismiss'] {
    border: none;
    background: none;
    color: inherit;
    font-size: 1.1rem;
    line-height: 1;
    cursor: pointer;
  }
`
