import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  .check {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    font-size: ${t['font-size']};
    font-weight: 500;
    cursor: pointer;
  }
  .check input {
    display: inline-block;
    width: 1.125rem;
    height: 1.125rem;
    min-height: 0;
    margin: 0;
    padding: 0;
    box-shadow: none;
    accent-color: ${t.accent};
    cursor: inherit;
  }
  .check input:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 2px;
    box-shadow: none;
  }
  .check:has(input:disabled) {
    color: ${t['disabled-text']};
    cursor: not-allowed;
  }
  .check:has(input:disabled) input {
    opacity: 0.7;
  }
  :host([pending]) .check {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
