import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  .wrap {
    position: relative;
  }
  select {
    appearance: none;
    padding-inline-end: 2.25rem;
    cursor: pointer;
  }
  .chevron {
    position: absolute;
    top: 50%;
    right: 0.75rem;
    width: 1rem;
    height: 1rem;
    margin-top: -0.5rem;
    fill: none;
    stroke: ${t.muted};
    stroke-width: 1.75;
    stroke-linecap: round;
    stroke-linejoin: round;
    pointer-events: none;
  }
  .combo {
    position: relative;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem;
    padding: 0.3125rem 2.25rem 0.3125rem 0.375rem;
    cursor: text;
  }
  .combo input {
    flex: 1 1 6rem;
    width: auto;
    min-width: 4rem;
    min-height: 1.75rem;
    padding: 0 0.375rem;
    background: transparent;
    border: none;
    box-shadow: none;
  }
  .combo input:focus-visible {
    box-shadow: none;
  }
  .combo input[readonly] {
    cursor: pointer;
  }
  .combo.off,
  .combo.off input {
    cursor: not-allowed;
  }
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 0.125rem;
    padding: 0.0625rem 0.25rem 0.0625rem 0.5rem;
    font-size: 0.8125rem;
    font-weight: 500;
    color: ${t.text};
    background: ${t['subtle-bg']};
    border: 1px solid ${t.border};
    border-radius: 6px;
  }
  .remove {
    display: inline-grid;
    place-items: center;
    width: 1.125rem;
    height: 1.125rem;
    padding: 0;
    font: inherit;
    font-size: 0.9375rem;
    line-height: 1;
    color: ${t.muted};
    background: none;
    border: none;
    border-radius: 4px;
    cursor: pointer;
  }
  .combo:not(.off) .remove:hover {
    color: ${t.text};
    background: ${t.border};
  }
  .popup {
    display: none;
    position: absolute;
    z-index: 20;
    top: calc(100% + 0.25rem);
    left: 0;
    right: 0;
    margin: 0;
    padding: 0;
    color: ${t.text};
    font-family: ${t.font};
    font-size: ${t['font-size']};
    line-height: 1.5;
    background: ${t['input-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    box-shadow: ${t['shadow-popup']};
    overflow: hidden;
  }
  .popup.open {
    display: block;
  }
  .popup:popover-open {
    position: fixed;
    inset: auto;
  }
  .listbox {
    max-height: 16rem;
    overflow-y: auto;
    padding: 0.25rem;
  }
  .empty {
    padding: 0.5rem 0.75rem;
    color: ${t.muted};
    font-size: 0.875rem;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.625rem 0.375rem 1.75rem;
    border-radius: 6px;
    cursor: pointer;
    position: relative;
  }
  .option[data-active] {
    background: ${t['subtle-bg']};
  }
  .option[aria-selected='true'] {
    font-weight: 600;
  }
  .option[aria-selected='true']::before {
    content: '';
    position: absolute;
    left: 0.6rem;
    top: 50%;
    width: 0.3rem;
    height: 0.6rem;
    margin-top: -0.4rem;
    border: solid ${t.accent};
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }
`
