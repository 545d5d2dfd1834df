import type { AppCore } from '../core.js'
import { apiFunctions, isKept, type ApiFunction } from './functions.js'

/** Where Gradio's client finds the API, under the app's base path. */
export const GRADIO_PREFIX = '/gradio_api'

/**
 * The app as Gradio's `/config` describes one: a component per name of the functions' wiring
 * (`state` for what the session keeps, so that the client hides it, `json` for the rest) and a
 * dependency per function, named after it. `root` is left out: the client then builds every URL
 * from the one it was given, which is right under any base path.
 */
export function gradioConfig(core: AppCore): Record<string, unknown> {
  const functions = apiFunctions(core)
  const ids = componentIds(functions)
  const components = [...ids].map(([name, id]) => ({
    id,
    type: isKept(core, name) ? 'state' : 'json',
    props: { label: name, name, visible: !isKept(core, name) },
    skip_api: isKept(core, name),
  }))
  const dependencies = functions.map((f) => ({
    id: f.id,
    api_name: f.name,
    targets: [],
    inputs: f.wiring.inputs.map((name) => ids.get(name)!),
    outputs: f.wiring.outputs.map((name) => ids.get(name)!),
    backend_fn: true,
    js: null,
    queue: true,
    types: { generator: f.generator, cancel: false },
    api_visibility: 'public',
    show_api: true,
    trigger_mode: 'once',
    cancels: [],
    collects_event_data: false,
    rendered_in: null,
    connection: 'sse',
  }))
  const all = { components: components.map((c) => c.id), dependencies: functions.map((f) => f.id), layout: { id: 0, children: [] } }
  return {
    version: '5.0.0',
    mode: 'blocks',
    app_id: appId(core),
    title: 'g-kit',
    api_prefix: GRADIO_PREFIX,
    protocol: 'sse_v1',
    enable_queue: true,
    connect_heartbeat: false,
    show_error: true,
    is_space: false,
    is_colab: false,
    dev_mode: false,
    analytics_enabled: false,
    run_history: false,
    username: null,
    theme: 'default',
    css: null,
    js: null,
    head: null,
    stylesheets: [],
    components,
    dependencies,
    layout: all.layout,
    page: { '': all },
    pages: [['', 'Home', true]],
  }
}

/** Gradio's `/info`: each function's parameters and returns, states left out (the client puts them back, hidden). */
export function gradioInfo(core: AppCore): Record<string, unknown> {
  const describe = (name: string) => ({
    label: name,
    parameter_name: name,
    parameter_has_default: false,
    parameter_default: null,
    type: {},
    python_type: { type: 'Any', description: 'any JSON value' },
    component: 'Json',
    example_input: null,
  })
  const named: Record<string, unknown> = {}
  for (const f of apiFunctions(core)) {
    named[`/${f.name}`] = {
      parameters: f.inputs.map(describe),
      returns: f.outputs.map((name) => {
        const { parameter_name: _, parameter_has_default: __, parameter_default: ___, ...returned } = describe(name)
        return returned
      }),
      show_api: true,
      api_visibility: 'public',
    }
  }
  return { named_endpoints: named, unnamed_endpoints: {} }
}

/** The app's id, which Gradio's client compares on reconnect: one per app for the life of the process. */
export function appId(core: AppCore): number {
  let id = appIds.get(core)
  if (id === undefined) appIds.set(core, (id = Math.floor(Math.random() * 2 ** 52)))
  return id
}

// --- internal ---

const appIds = new WeakMap<AppCore, number>()

/** One component id per name the functions' wiring uses, from 1. */
function componentIds(functions: readonly ApiFunction[]): Map<string, number> {
  const ids = new Map<string, number>()
  for (const f of functions) for (const name of [...f.wiring.inputs, ...f.wiring.outputs]) if (!ids.has(name)) ids.set(name, ids.size + 1)
  return ids
}
