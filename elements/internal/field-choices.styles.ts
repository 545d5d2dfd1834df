import { css } from 'lit'
import { t } from './tokens.styles.js'

/**
 * The look of checkable choices: g-checkbox-group's and g-radio's row of pills (`.choice`), and
 * the native box in them and in g-checkbox's label (`.check`), `--check-size` square.
 */
export const choiceStyles = css`
  fieldset {
    margin: 0;
    padding: 0;
    border: none;
    min-width: 0;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  :is(.check, .choice) {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    font-size: ${t['font-size']};
    cursor: pointer;
  }
  .choice {
    --check-size: 1rem;
    margin: 0;
    padding: 0.4375rem 0.75rem;
    font-weight: 400;
    color: ${t.text};
    background: ${t['subtle-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    user-select: none;
    transition:
      border-color 0.15s,
      background-color 0.15s;
  }
  .choice:hover {
    border-color: ${t['border-hover']};
  }
  .choice:has(input:checked) {
    border-color: ${t.accent};
    background: color-mix(in srgb, ${t.accent} 10%, ${t['input-bg']});
  }
  :is(.check, .choice) input {
    display: inline-block;
    width: var(--check-size);
    height: var(--check-size);
    min-height: 0;
    margin: 0;
    padding: 0;
    box-shadow: none;
    accent-color: ${t.accent};
    cursor: inherit;
  }
  :is(.check, .choice) input:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 2px;
    box-shadow: none;
  }
  :is(.check, .choice):has(input:disabled) {
    color: ${t['disabled-text']};
    cursor: not-allowed;
  }
  .choice:has(input:disabled) {
    background: ${t['disabled-bg']};
    border-color: ${t.border};
  }
  .choice:has([aria-invalid='true']) {
    border-color: ${t['error-color']};
  }
  :host([pending]) :is(.check, .choices) {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
