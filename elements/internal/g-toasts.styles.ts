import { css } from 'lit'
import { t } from './tokens.styles.js'

/** Styles of {@link GToasts}, part of `<g-app>`'s (the toasts render in the app's shadow root). */
export const toastStyles = css`
  .toasts {
    position: fixed;
    z-index: 2147483000;
    top: 1rem;
    right: 1rem;
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
    width: min(24rem, calc(100vw - 2rem));
    pointer-events: none;
  }
  .toasts > div {
    display: contents;
  }
  .toast {
    display: flex;
    align-items: flex-start;
    gap: 0.625rem;
    padding: 0.75rem 0.75rem 0.75rem 0.875rem;
    font-size: 0.9375rem;
    line-height: 1.45;
    color: ${t.text};
    background: ${t.bg};
    border: 1px solid ${t.border};
    border-left: 4px solid var(--toast-color);
    border-radius: ${t['radius-lg']};
    box-shadow:
      0 8px 24px light-dark(rgb(31 35 40 / 0.12), rgb(1 4 9 / 0.6)),
      0 1px 3px light-dark(rgb(31 35 40 / 0.08), rgb(1 4 9 / 0.4));
    pointer-events: auto;
    animation: toast-in 0.18s ease-out;
  }
  .toast.error {
    --toast-color: ${t['error-color']};
  }
  .toast.warning {
    --toast-color: var(--g-warning-color, light-dark(#9a6700, #d29922));
  }
  .toast.info {
    --toast-color: ${t.accent};
  }
  .toast .icon {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    margin-top: 0.05rem;
    fill: none;
    stroke: var(--toast-color);
    stroke-width: 1.75;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .toast .message {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .toast [part='dismiss'] {
    display: grid;
    place-items: center;
    flex: none;
    width: 1.5rem;
    height: 1.5rem;
    padding: 0;
    color: ${t.muted};
    background: none;
    border: 0;
    border-radius: 0.375rem;
    cursor: pointer;
  }
  .toast [part='dismiss']:hover {
    color: inherit;
    background: color-mix(in srgb, currentColor 10%, transparent);
  }
  .toast [part='dismiss']:focus-visible {
    outline: 2px solid ${t.accent};
  }
  .toast [part='dismiss'] svg {
    width: 1rem;
    height: 1rem;
    stroke: currentColor;
    stroke-width: 1.75;
    stroke-linecap: round;
  }
  @keyframes toast-in {
    from {
      opacity: 0;
      transform: translateY(-0.5rem);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .toast {
      animation: none;
    }
  }
`
