import { css } from 'lit'

export default css`
  fieldset {
    margin: 0;
    padding: 0;
    border: none;
    min-width: 0;
  }
  [part='choices'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
  }
  [part='choice'] {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    margin: 0;
    font-weight: normal;
    cursor: pointer;
  }
  [part='choice'] input {
    width: auto;
    margin: 0;
    accent-color: var(--g-accent, #0969da);
  }
  fieldset:disabled [part='choice'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
`
