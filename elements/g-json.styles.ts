import { css } from 'lit'

export default css`
  [part='tree'] {
    padding: 0.5rem 0.75rem;
    font-family: var(--g-mono, ui-monospace, monospace);
    font-size: 0.875rem;
    background: var(--g-input-bg, #fff);
    border: 1px solid var(--g-border, #d0d7de);
    border-radius: var(--g-radius, 6px);
    overflow-x: auto;
  }
  details {
    display: inline;
  }
  details[open] {
    display: block;
  }
  summary {
    display: inline;
    cursor: pointer;
  }
  details[open] > summary .count {
    display: none;
  }
  .count {
    margin: 0 0.25rem;
    color: var(--g-muted, #656d76);
    font-style: italic;
  }
  ul {
    margin: 0;
    padding-left: 1.25rem;
    list-style: none;
  }
  .key {
    color: var(--g-json-key, #8250df);
  }
  .string {
    color: var(--g-json-string, #0a3069);
  }
  .literal {
    color: var(--g-json-number, #0550ae);
  }
`
