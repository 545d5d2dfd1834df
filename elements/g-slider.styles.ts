import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    --g-slider-track: 6px;
  }
  .value {
    min-width: 2.5rem;
    padding: 0.0625rem 0.5rem;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    text-align: center;
    color: ${t.text};
    background: ${t['subtle-bg']};
    border: 1px solid ${t.border};
    border-radius: 999px;
  }
  input.number {
    width: 5.5rem;
    min-height: 0;
    padding: 0.125rem 0.5rem;
    font-size: 0.8125rem;
    text-align: end;
  }
  input[type='range'] {
    appearance: none;
    min-height: 1.5rem;
    padding: 0;
    background: transparent;
    border: none;
    box-shadow: none;
    cursor: pointer;
  }
  input[type='range']:focus-visible {
    box-shadow: none;
  }
  input[type='range']::-webkit-slider-runnable-track {
    height: var(--g-slider-track);
    border-radius: 999px;
    background: linear-gradient(to right, ${t.accent} var(--fill), ${t['subtle-bg']} var(--fill));
    box-shadow: inset 0 0 0 1px ${t.border};
  }
  input[type='range']::-moz-range-track {
    height: var(--g-slider-track);
    border-radius: 999px;
    background: ${t['subtle-bg']};
    box-shadow: inset 0 0 0 1px ${t.border};
  }
  input[type='range']::-moz-range-progress {
    height: var(--g-slider-track);
    border-radius: 999px;
    background: ${t.accent};
  }
  input[type='range']::-webkit-slider-thumb {
    appearance: none;
    width: 1.125rem;
    height: 1.125rem;
    margin-top: calc((var(--g-slider-track) - 1.125rem) / 2);
    border-radius: 50%;
    background: ${t['input-bg']};
    border: 2px solid ${t.accent};
    box-shadow: ${t.shadow};
    transition: box-shadow 0.15s;
  }
  input[type='range']::-moz-range-thumb {
    width: 1rem;
    height: 1rem;
    border-radius: 50%;
    background: ${t['input-bg']};
    border: 2px solid ${t.accent};
  }
  input[type='range']:focus-visible::-webkit-slider-thumb {
    box-shadow: 0 0 0 2px ${t['input-bg']}, 0 0 0 4px ${t.accent};
  }
  input[type='range']:focus-visible::-moz-range-thumb {
    box-shadow: 0 0 0 2px ${t['input-bg']}, 0 0 0 4px ${t.accent};
  }
  input[type='range']:disabled {
    background: transparent;
    cursor: not-allowed;
  }
  input[type='range']:disabled::-webkit-slider-runnable-track {
    background: linear-gradient(to right, ${t['disabled-text']} var(--fill), ${t['disabled-bg']} var(--fill));
  }
  input[type='range']:disabled::-webkit-slider-thumb {
    border-color: ${t['disabled-text']};
  }
  input[type='range']:disabled::-moz-range-progress {
    background: ${t['disabled-text']};
  }
`
