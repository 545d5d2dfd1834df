import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  [part='tree'] {
    padding: 0.5rem 0.75rem;
    font-family: ${t.mono};
    font-size: 0.875rem;
    background: ${t['input-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    overflow-x: auto;
  }
  /* Inline even when open: a nested object's bracket stays on its key's line. */
  details {
    display: inline;
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
    color: ${t.muted};
    font-style: italic;
  }
  ul {
    margin: 0;
    padding-left: 1.25rem;
    list-style: none;
  }
  .key {
    color: ${t['json-key']};
  }
  .string {
    color: ${t['json-string']};
  }
  .literal {
    color: ${t['json-number']};
  }
`
