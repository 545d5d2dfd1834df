import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: ${t['label-size']};
    font-weight: 600;
  }
  .log {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    height: var(--g-chatbot-height, 28rem);
    padding: 1rem;
    overflow-y: auto;
    overscroll-behavior: contain;
    border: 1px solid ${t.border};
    border-radius: ${t['radius-lg']};
    background: ${t['input-bg']};
    scrollbar-width: thin;
  }
  .log:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 1px;
  }
  .empty {
    margin: auto;
    color: ${t.muted};
  }
`
