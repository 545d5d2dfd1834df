import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: block;
    min-width: 0;
    border: 1px solid ${t.border};
    border-radius: ${t['radius-lg']};
    background: ${t['subtle-bg']};
  }
  [part='header'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    width: 100%;
    padding: 0.7rem 1rem;
    font: inherit;
    font-weight: 600;
    color: inherit;
    text-align: start;
    background: none;
    border: 0;
    border-radius: inherit;
    cursor: pointer;
  }
  [part='header']:hover {
    background: color-mix(in srgb, currentColor 5%, transparent);
  }
  [part='header']:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: -2px;
  }
  [part='label'] {
    flex: 1;
  }
  [part='icon'] {
    width: 1rem;
    height: 1rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.75;
    stroke-linecap: round;
    stroke-linejoin: round;
    transition: transform 0.15s;
  }
  :host([open]) [part='icon'] {
    transform: rotate(180deg);
  }
  [part='content'] {
    display: flex;
    flex-direction: column;
    gap: ${t.gap};
    padding: 0.25rem 1rem 1rem;
  }
  [part='content'][hidden] {
    display: none;
  }
  @media (prefers-reduced-motion: reduce) {
    [part='icon'] {
      transition: none;
    }
  }
`
