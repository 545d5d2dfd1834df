import { fileURLToPath } from 'node:url'
import { createApp, html, type FnContext } from 'g-kit/server'

/**
 * Gradio's todo list (`@gr.render`): the tasks are session state, and a `<g-render>` rebuilds the
 * list whenever they change. Each row's buttons carry the task's id as their `value`, which the
 * functions read from `ctx.event.value`.
 */
export const app = createApp({ static: fileURLToPath(new URL('.', import.meta.url)) })

interface Task {
  id: number
  name: string
  complete: boolean
}

app.fn('add_task', (tasks: Task[], name: string) => {
  if (!name.trim()) return [tasks, '']
  const id = Math.max(0, ...tasks.map((task) => task.id)) + 1
  return [[...tasks, { id, name: name.trim(), complete: false }], '']
})

app.fn('complete_task', (tasks: Task[], ctx: FnContext) => {
  const task = tasks.find((t) => t.id === Number(ctx.event.value))
  if (task) task.complete = true // mutated in place and returned: a change all the same
  return tasks
})

app.fn('delete_task', (tasks: Task[], ctx: FnContext) => tasks.filter((t) => t.id !== Number(ctx.event.value)))

app.fn('show_tasks', (tasks: Task[]) => {
  const incomplete = tasks.filter((task) => !task.complete)
  const complete = tasks.filter((task) => task.complete)
  return html`
    <h2>Incomplete Tasks (${incomplete.length})</h2>
    ${incomplete.map(
      (task) => html`<g-row key="row-${task.id}">
        <g-textbox key="name-${task.id}" label="Task" value="${task.name}" interactive="false"></g-textbox>
        <g-button key="done-${task.id}" value="${task.id}" fn="complete_task" inputs="tasks" outputs="tasks">Done</g-button>
        <g-button key="delete-${task.id}" value="${task.id}" fn="delete_task" inputs="tasks" outputs="tasks" variant="stop">Delete</g-button>
      </g-row>`,
    )}
    <h2>Complete Tasks (${complete.length})</h2>
    ${complete.map((task) => html`<p key="complete-${task.id}">${task.name}</p>`)}
  `
})
