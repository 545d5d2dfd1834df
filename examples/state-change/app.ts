import { fileURLToPath } from 'node:url'
import { createApp, html } from 'g-kit/server'

/**
 * Gradio's own state-change scenario (its `state_change` demo and spec): what fires `change`, and
 * how often. An equal value fires nothing; a value mutated in place fires once; one event that
 * changes three states runs their shared listener once; states and listeners inside a render work.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

app.fn('increment', (n: number) => n + 1)
app.fn('identity', (x: unknown) => x)

// A × B buttons, rebuilt whenever A or B changes.
app.fn('grid', (a: number, b: number) =>
  html`${Array.from({ length: a }, (_, x) => html`<g-row key="row-${x}">${Array.from({ length: b }, (_, y) => html`<g-button key="b-${x}-${y}">Button ${x}, ${y}</g-button>`)}</g-row>`)}`,
)

// One list fanned out into three other states; their shared listener counts changes.
app.fn('fan_out', (list: number[]) => [Object.fromEntries(list.map((n) => [n, n])), list.map(() => [...list]), new Set(list)])
app.fn('describe', (changes: number, dict: object, nested: number[][], set: Set<number>) => [
  changes + 1,
  [JSON.stringify(dict), JSON.stringify(nested), JSON.stringify([...set])].join('\n'),
])
app.fn('count_to_3', () => [1, 2, 3])
app.fn('zero_all', (list: number[]) => list.map(() => 0))

// A state written by an async generator's yield fires change, and its render.
app.fn('increment_later', async function* (n: number) {
  yield n + 1
})
app.fn('success_boxes', (n: number) => html`${Array.from({ length: n }, (_, i) => html`<p key="box-${i}">Success Box ${i} added</p>`)}`)

// An object mutated in place: a change the first time, none once it already holds 10.
app.fn('set_to_10', (custom: { val: number }) => {
  custom.val = 10
  return custom
})

// Textbox → state → textbox → state → textbox, all inside a render.
app.fn('chain', () => html`
  <g-textbox name="start" label="Start State"></g-textbox>
  <g-state name="first_hop" value='""'></g-state>
  <g-textbox name="middle" label="Middle State" interactive="false"></g-textbox>
  <g-state name="second_hop" value='""'></g-state>
  <g-textbox name="end" label="End State" interactive="false"></g-textbox>
  <g-on triggers="start.change" fn="identity" inputs="start" outputs="first_hop"></g-on>
  <g-on triggers="first_hop.change" fn="identity" inputs="first_hop" outputs="middle"></g-on>
  <g-on triggers="middle.change" fn="identity" inputs="middle" outputs="second_hop"></g-on>
  <g-on triggers="second_hop.change" fn="identity" inputs="second_hop" outputs="end"></g-on>
`)
