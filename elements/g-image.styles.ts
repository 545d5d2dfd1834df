import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: block;
    min-width: 0;
  }
  .label {
    display: block;
    margin-bottom: 0.35rem;
    font-size: ${t['label-size']};
    font-weight: 600;
  }
  .frame {
    display: grid;
    place-items: center;
    height: var(--g-image-height, auto);
    overflow: hidden;
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    background: ${t['subtle-bg']};
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
    color: ${t.muted};
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
  :host([pending]) .frame {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
