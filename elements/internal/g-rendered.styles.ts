import { css } from 'lit'
import { t } from './tokens.styles.js'

export default css`
  :host {
    display: block;
    min-width: 0;
    color: ${t.text};
  }
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: ${t['label-size']};
    font-weight: 600;
  }
  :host([pending]) [part='body'] {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
