import { css } from 'lit'

export default css`
  :host {
    display: block;
    min-width: 0;
    color: var(--g-text, inherit);
  }
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: var(--g-label-size, 0.875rem);
    font-weight: 600;
  }
  :host([pending]) [part='body'] {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
