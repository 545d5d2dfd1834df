import { css } from 'lit'

export default css`
  :host {
    display: block;
    min-width: 0;
  }
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: var(--g-label-size, 0.875rem);
    font-weight: 600;
  }
  .frame {
    display: grid;
    place-items: center;
    height: var(--g-image-height, auto);
    overflow: hidden;
    border: 1px solid var(--g-border, light-dark(#d1d9e0, #3d444d));
    border-radius: var(--g-radius, 6px);
    background: var(--g-subtle-bg, light-dark(#f6f8fa, #151b23));
  }
  img {
    display: block;
    max-width: 100%;
    max-height: var(--g-image-height, 32rem);
    object-fit: contain;
  }
  .empty {
    display: grid;
    place-items: center;
    width: 100%;
    min-height: 8rem;
    color: var(--g-muted, light-dark(#59636e, #9198a1));
  }
  svg {
    width: 2.5rem;
    height: 2.5rem;
    fill: none;
    stroke: currentColor;
    stroke-width: 1.5;
    stroke-linejoin: round;
    opacity: 0.6;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :host([pending]) .frame {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
