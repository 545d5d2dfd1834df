import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: inline-block;
    font-family: ${t.font};
    line-height: 1.25;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    font-style: normal;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    width: 100%;
    min-height: 2.5rem;
    margin: 0;
    padding: 0.5rem 1rem;
    font: inherit;
    font-size: ${t['font-size']};
    font-weight: 600;
    color: ${t.text};
    background: ${t['button-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    box-shadow: ${t.shadow};
    cursor: pointer;
    transition:
      background-color 0.15s,
      border-color 0.15s,
      box-shadow 0.15s,
      transform 0.05s;
  }
  button:hover:not(:disabled) {
    background: ${t['button-hover-bg']};
    border-color: ${t['border-hover']};
  }
  button:active:not(:disabled) {
    transform: translateY(1px);
  }
  :host([variant='primary']) button {
    color: ${t['accent-text']};
    background: ${t.accent};
    border-color: transparent;
  }
  :host([variant='primary']) button:hover:not(:disabled) {
    background: ${t['accent-hover']};
    border-color: transparent;
  }
  :host([variant='stop']) button {
    color: ${t['stop-text']};
    background: ${t.stop};
    border-color: transparent;
  }
  :host([variant='stop']) button:hover:not(:disabled) {
    background: ${t['stop-hover']};
    border-color: transparent;
  }
  :host([size='sm']) button {
    min-height: 2rem;
    padding: 0.25rem 0.75rem;
    font-size: 0.8125rem;
  }
  :host([size='lg']) button {
    min-height: 3rem;
    padding: 0.625rem 1.5rem;
    font-size: 1.0625rem;
  }
  button:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 2px;
  }
  :host button:disabled {
    color: ${t['disabled-text']};
    background: ${t['disabled-bg']};
    border-color: ${t.border};
    box-shadow: none;
    cursor: not-allowed;
  }
  :host([pending]) button {
    cursor: progress;
    opacity: 0.7;
    transition: opacity 0.2s 0.15s;
  }
  [part='info'] {
    margin-top: 0.25rem;
    font-size: 0.8125rem;
    color: ${t.muted};
  }
  [part='error'] {
    font-size: 0.8125rem;
    color: ${t['error-color']};
  }
  [part='error']:not(:empty) {
    margin-top: 0.25rem;
  }
  [hidden] {
    display: none !important;
  }
`
