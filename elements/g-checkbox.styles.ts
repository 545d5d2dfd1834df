import { css } from 'lit'

export default css`
  .check {
    --check-size: 1.125rem;
    font-weight: 500;
  }
  .check:has(input:disabled) input {
    opacity: 0.7;
  }
`
