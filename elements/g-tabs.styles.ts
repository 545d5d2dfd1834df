import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: block;
    min-width: 0;
  }
  [part='tablist'] {
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    border-bottom: 1px solid ${t.border};
    scrollbar-width: thin;
  }
  [part~='tab'] {
    position: relative;
    flex: none;
    padding: 0.55rem 0.9rem;
    font: inherit;
    font-size: 0.9375rem;
    font-weight: 500;
    color: ${t.muted};
    background: none;
    border: 0;
    border-radius: ${t.radius} ${t.radius} 0 0;
    cursor: pointer;
  }
  [part~='tab']:hover {
    color: ${t.text};
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  [part~='tab'][aria-selected='true'] {
    color: ${t.text};
    font-weight: 600;
  }
  [part~='tab'][aria-selected='true']::after {
    content: '';
    position: absolute;
    inset: auto 0.5rem -1px;
    height: 2px;
    border-radius: 2px;
    background: ${t.accent};
  }
  [part~='tab']:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: -2px;
  }
  [part~='tab'][hidden] {
    display: none;
  }
  [part='panels'] {
    padding-top: 1rem;
  }
`
