import { css } from 'lit'
import { t } from './internal/tokens.styles.js'

export default css`
  :host {
    display: block;
    container-type: inline-size;
    color: ${t.text};
    font-family: ${t.font};
  }
  header h2 {
    margin: 0 0 0.25rem;
    font-size: 1.25rem;
    font-weight: 600;
  }
  header p {
    margin: 0 0 1rem;
    color: ${t.muted};
  }
  .panes {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: ${t.gap};
    align-items: start;
  }
  .pane {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    padding: 1rem;
    border: 1px solid ${t.border};
    border-radius: ${t['radius-lg']};
    background: ${t.bg};
  }
  .buttons {
    display: flex;
    gap: 0.5rem;
  }
  .buttons g-button {
    flex: 1;
  }
  @container (max-width: 40rem) {
    .panes {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .examples {
    margin-top: ${t.gap};
  }
  .examples h3 {
    margin: 0 0 0.5rem;
    font-size: ${t['label-size']};
    font-weight: 600;
    color: ${t['label-color']};
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: ${t['font-size']};
  }
  th {
    text-align: left;
    font-weight: 600;
    color: ${t.muted};
    padding: 0.375rem 0.75rem;
    border-bottom: 1px solid ${t.border};
  }
  td {
    padding: 0.375rem 0.75rem;
    border-bottom: 1px solid ${t.border};
  }
  tbody tr {
    cursor: pointer;
  }
  tbody tr:hover {
    background: ${t['subtle-bg']};
  }
  td button {
    all: unset;
    cursor: pointer;
    border-radius: 4px;
  }
  td button:focus-visible {
    outline: 2px solid ${t.accent};
    outline-offset: 2px;
  }
`
