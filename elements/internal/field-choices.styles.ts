import { css } from 'lit'
import { t } from './tokens.styles.js'

/** The look of checkable choices (g-checkbox-group, g-radio, g-checkbox): a row of pills. */
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
  .choice {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.4375rem 0.75rem;
    font-size: ${t['font-size']};
    font-weight: 400;
    color: ${t.text};
    background: ${t['subtle-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    cursor: pointer;
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
  .choice input {
    display: inline-block;
    width: 1rem;
    height: 1rem;
    min-height: 0;
    margin: 0;
    padding: 0;
    box-shadow: none;
    accent-color: ${t.accent};
    cursor: inherit;
  }
  .choice input:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 2px;
    box-shadow: none;
  }
  .choice:has(input:disabled) {
    color: ${t['disabled-text']};
    background: ${t['disabled-bg']};
    border-color: ${t.border};
    cursor: not-allowed;
  }
  .choice:has([aria-invalid='true']) {
    border-color: ${t['error-color']};
  }
  :host([pending]) .choices {
    opacity: 0.6;
    transition: opacity 0.2s 0.15s;
  }
`
