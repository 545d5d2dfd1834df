/**
 * HTML for `<g-render>`, written as a template: every value put into it is escaped, so that a
 * task named `"><g-button fn="…` stays text. Nested `html` results and lists of them go in as
 * they are.
 *
 * @example
 * app.fn('show_tasks', (tasks: Task[]) => html`
 *   <h3>Tasks (${tasks.length})</h3>
 *   ${tasks.map((task) => html`<g-button key="done-${task.id}" value="${task.id}" fn="done" inputs="tasks" outputs="tasks">Done: ${task.name}</g-button>`)}
 * `)
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!
  values.forEach((value, i) => (out += piece(value) + strings[i + 1]!))
  return new SafeHtml(out)
}

/** Markup made by {@link html}: put into another `html` template as it is. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup
  }
  toJSON(): string {
    return this.markup
  }
}

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.markup
  if (Array.isArray(value)) return value.map(piece).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}
