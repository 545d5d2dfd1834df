/**
 * The HTML of the render figure: a list of `ROWS` rows, each with two wired buttons (as in
 * examples/todo). The rows of render `n` have keys of their own, so each render brings a new list:
 * every button leaves the app and a new one joins it, as innerHTML replaces everything.
 */
export const ROWS = 100

export function rowsHtml(n: number): string {
  let out = `<h2 id="heading">Render ${n}</h2>`
  for (let i = 0; i < ROWS; i++) {
    const key = `${n}-${i}`
    out +=
      `<g-row key="row-${key}"><span>Task ${i} of render ${n}</span>` +
      `<g-button key="done-${key}" value="${i}" fn="increment" inputs="count" outputs="count">Done</g-button>` +
      `<g-button key="delete-${key}" value="${i}" fn="increment" inputs="count" outputs="count" variant="stop">Delete</g-button>` +
      `</g-row>`
  }
  return out
}
