import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: block;
    container-type: inline-size;
    color: ${t.text};
    font-family: ${t.font};
    font-size: ${t['font-size']};
  }
  .layout {
    display: flex;
    gap: ${t.gap};
  }
  .main {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
  }
  .composer {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  textarea {
    box-sizing: border-box;
    width: 100%;
    min-height: 2.75rem;
    max-height: 12rem;
    field-sizing: content;
    resize: none;
    padding: 0.625rem 0.75rem;
    font: inherit;
    color: ${t.text};
    background: ${t['input-bg']};
    border: 1px solid ${t.border};
    border-radius: ${t.radius};
    box-shadow: ${t.shadow};
  }
  textarea:hover {
    border-color: ${t['border-hover']};
  }
  textarea:focus {
    outline: none;
    border-color: ${t.accent};
    box-shadow: 0 0 0 3px ${t['accent-soft']};
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .buttons .send {
    margin-left: auto;
  }
  .attached {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.375rem;
  }
  .attached li {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.125rem 0.25rem 0.125rem 0.625rem;
    font-size: ${t['label-size']};
    background: ${t['subtle-bg']};
    border: 1px solid ${t.border};
    border-radius: 999px;
  }
  .attached .file-size {
    color: ${t.muted};
  }
  .attached button {
    all: unset;
    cursor: pointer;
    padding: 0 0.375rem;
    color: ${t.muted};
    border-radius: 999px;
  }
  .attached button:focus-visible {
    outline: 2px solid ${t.accent};
  }
  .file-error {
    margin: 0;
    color: ${t['error-color']};
    font-size: ${t['label-size']};
  }
  .editing {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    color: ${t.muted};
    font-size: ${t['label-size']};
  }
  .starters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .conversations {
    flex: 0 0 12rem;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  .conversations ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .conversations li {
    display: flex;
    align-items: center;
    border-radius: ${t.radius};
  }
  .conversations li[aria-current='true'] {
    background: ${t['subtle-bg']};
  }
  .conversations button {
    all: unset;
    cursor: pointer;
    padding: 0.375rem 0.5rem;
    border-radius: ${t.radius};
  }
  .conversations .open {
    display: block;
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .conversations button:focus-visible {
    outline: 2px solid ${t.accent};
  }
  .conversations .delete {
    color: ${t.muted};
  }
  @container (max-width: 36rem) {
    .layout {
      flex-direction: column;
    }
    .conversations {
      flex: none;
      width: auto;
    }
  }
`
