import type { AppGraph } from '../protocol.js'
import type { Graph } from './graph.js'

/** Where a page's declarations come from: a hello (a resume's included), or a change the page made since (`add`, `remove`). */
export type GraphOrigin = 'hello' | 'change'

/** How many distinct graphs declared at hello an app keeps compiled; pages of one site declare only a few. */
const HELLO_GRAPHS = 64

/**
 * How many graphs made by pages' changes an app keeps compiled, apart from the hellos': a page
 * that changes its app many times (each change a graph never seen) churns these only, and the
 * graphs pages share from their hellos stay. Pages that change the same way at the same time still
 * share theirs.
 */
const CHANGED_GRAPHS = 16

/**
 * An app's compiled page graphs, by the page's declarations, shared by every session whose page
 * declares the same (a compiled graph is never changed after it is made).
 */
export class GraphCache {
  #hello = new Map<string, Graph>()
  #changed = new Map<string, Graph>()
  /** By the very spec they were compiled from: a spec kept and passed again (the API's) is found without being written out as JSON. */
  #bySpec = new WeakMap<AppGraph, Graph>()

  /** The graph of `spec`: one compiled before, or the one `compile` makes, then kept with those of its origin. */
  graphOf(spec: AppGraph, origin: GraphOrigin, compile: () => Graph): Graph {
    const same = this.#bySpec.get(spec)
    if (same) return same
    const key = JSON.stringify(spec)
    const found = this.#hello.get(key) ?? this.#changed.get(key)
    if (found) return found
    const graph = compile()
    this.#bySpec.set(spec, graph)
    if (origin === 'hello') keep(this.#hello, key, graph, HELLO_GRAPHS)
    else keep(this.#changed, key, graph, CHANGED_GRAPHS)
    return graph
  }

  /** Forgets every graph: declaring functions, states or globals changes what a graph means. */
  clear(): void {
    this.#hello.clear()
    this.#changed.clear()
    this.#bySpec = new WeakMap()
  }
}

// --- internal ---

/** Keeps `graph` in `graphs`, which holds at most `bound`: the first kept goes first. */
function keep(graphs: Map<string, Graph>, key: string, graph: Graph, bound: number): void {
  if (graphs.size >= bound) graphs.delete(graphs.keys().next().value!)
  graphs.set(key, graph)
}
