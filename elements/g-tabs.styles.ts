import { css } from 'lit'

export default css`
  :host {
    display: block;
    min-width: 0;
  }
  [part='tablist'] {
    display: flex;
    gap: 0.25rem;
    overflow-x: auto;
    border-bottom: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
    scrollbar-width: thin;
  }
  [part~='tab'] {
    position: relative;
    flex: none;
    padding: 0.55rem 0.9rem;
    font: inherit;
    font-size: 0.9375rem;
    font-weight: 500;
    color: var(--g-muted, light-dark(#59636e, #9198a1));
    background: none;
    border: 0;
    border-radius: var(--g-radius, 6px) var(--g-radius, 6px) 0 0;
    cursor: pointer;
  }
  [part~='tab']:hover {
    color: var(--g-text, light-dark(#1f2328, #f0f6fc));
    background: color-mix(in srgb, currentColor 6%, transparent);
  }
  [part~='tab'][aria-selected='true'] {
    color: var(--g-text, light-dark(#1f2328, #f0f6fc));
    font-weight: 600;
  }
  [part~='tab'][aria-selected='true']::after {
    content: '';
    position: absolute;
    inset: auto 0.5rem -1px;
    height: 2px;
    border-radius: 2px;
    background: var(--g-accent, light-dark(#0969da, #4493f8));
  }
  [part~='tab']:focus-visible {
    outline: 2px solid var(--g-accent, light-dark(#0969da, #4493f8));
    outline-offset: -2px;
  }
  [part~='tab'][hidden] {
    display: none;
  }
  [part='panels'] {
    padding-top: 1rem;
  }
`
