import type { EndMessage, ProgressMessage, ToastMessage } from '../../server/protocol.js'
import type { GElement } from './g-element.js'
import type { PageGraph } from './page-graph.js'
import type { GToasts } from './g-toasts.js'

type ProgressChunk = typeof import('./lazy/progress.js')
let progressChunk: ProgressChunk | undefined
let loadingProgress: Promise<ProgressChunk> | undefined
/** The progress bar's chunk, loaded with the first progress report. */
const loadProgress = () => (loadingProgress ??= import('./lazy/progress.js').then((chunk) => (progressChunk = chunk)))

/**
 * What `<g-app>` shows of a function's messages besides its results: toasts (`ctx.info`,
 * `ctx.warning`, errors), progress bars on a running listener's outputs (`ctx.progress`), and the
 * error of a failed listener at its outputs. The app routes the messages here.
 */
export class AppFeedback {
  /** The outputs showing a listener's progress, by `event:listener`. */
  #progress = new Map<string, GElement[]>()

  constructor(private root: () => ParentNode) {}

  get toasts(): GToasts | null {
    return this.root().querySelector('g-toasts')
  }

  toast(message: ToastMessage): void {
    this.toasts?.show(message.level, message.message)
  }

  /** Shows progress on the outputs of the listener that reported it (the app passes only listeners still running). */
  progress(graph: PageGraph, message: ProgressMessage): void {
    const key = `${message.e}:${message.l}`
    const outputs = this.#progress.get(key) ?? outputsOf(graph, message.l)
    this.#progress.set(key, outputs)
    const show = (chunk: ProgressChunk) => {
      // Unless the listener ended while the chunk loaded.
      if (this.#progress.get(key) === outputs) for (const output of outputs) chunk.showProgress(output, message.fraction, message.description)
    }
    if (progressChunk) show(progressChunk)
    else loadProgress().then(show, () => {}) // no chunk (the server went away): no bar, the run goes on
  }

  /** A listener ended: its progress goes; a success clears the error it showed before, a failure shows at its outputs. */
  ended(graph: PageGraph, message: EndMessage): void {
    this.#hide(`${message.e}:${message.l}`)
    if (message.cancelled) return
    if (message.ok) this.toasts?.clear(listenerKey(message.l))
    // The field layer's `error` slot of a control, where it has one.
    for (const output of outputsOf(graph, message.l)) if ('error' in output) (output as { error?: string }).error = message.ok ? '' : (message.error ?? '')
  }

  /** An event is over (or given up): no progress of it stays. */
  finished(event: number): void {
    for (const key of [...this.#progress.keys()]) if (key.startsWith(`${event}:`)) this.#hide(key)
  }

  #hide(key: string): void {
    // No chunk yet means no bar shown yet: a show still waiting for it finds its key gone.
    if (progressChunk) this.#progress.get(key)?.forEach(progressChunk.hideProgress)
    this.#progress.delete(key)
  }
}

/** The key of a listener's error toast: its next success clears it. */
export function listenerKey(listener: number): string {
  return `listener:${listener}`
}

function outputsOf(graph: PageGraph, listener: number): GElement[] {
  return graph.listeners.get(listener)?.spec.outputs.flatMap((name) => graph.elements.get(name) ?? []) ?? []
}
