import { css } from 'lit'

export default css`
  :host {
    display: inline-block;
  }
  button {
    width: 100%;
    padding: 0.5rem 1rem;
    font: inherit;
    font-weight: 600;
    border: 1px solid var(--g-border, #d0d7de);
    border-radius: var(--g-radius, 6px);
    background: var(--g-button-bg, #f6f8fa);
    color: inherit;
    cursor: pointer;
  }
  :host([variant='primary']) button {
    background: var(--g-accent, #0969da);
    border-color: transparent;
    color: var(--g-accent-text, #fff);
  }
  :host([variant='stop']) button {
    background: var(--g-stop, #cf222e);
    border-color: transparent;
    color: #fff;
  }
  button:hover:not(:disabled) {
    filter: brightness(0.95);
  }
  button:focus-visible {
    outline: 2px solid var(--g-accent, #0969da);
    outline-offset: 2px;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
`
