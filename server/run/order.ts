import type { ListenerSpec } from '../protocol.js'

/**
 * The order in which a page's listeners may run, computed once per compiled graph: a rank for
 * each listener such that a listener that can lead to another (through its outputs' `change`, or
 * its `.then`/`.success`/`.failure`) ranks before it, unless the two lie on a cycle. Listeners on a
 * cycle rank together, by id; unrelated ones rank by id where the order leaves a choice.
 *
 * Triggers are nodes of their own between listeners (listener → `out.change` → its listeners), so
 * that the work is linear in the size of the page's lists, however many listeners share a trigger.
 * Strongly connected components (Tarjan, iterative), then a topological order of them (Kahn, the
 * smallest id first): O((listeners + triggers + list entries) log listeners).
 */
export function rankListeners(listeners: readonly ListenerSpec[], byTrigger: ReadonlyMap<string, readonly ListenerSpec[]>): Map<ListenerSpec, number> {
  const n = listeners.length
  const index = new Map<ListenerSpec, number>()
  listeners.forEach((l, i) => index.set(l, i))
  const triggerNode = new Map<string, number>()
  const edges: number[][] = listeners.map(() => [])
  for (const [trigger, list] of byTrigger) {
    const node = n + triggerNode.size
    triggerNode.set(trigger, node)
    edges.push(list.map((l) => index.get(l)!))
  }
  listeners.forEach((l, i) => {
    const out = edges[i]!
    const add = (trigger: string) => {
      const node = triggerNode.get(trigger)
      if (node !== undefined) out.push(node)
    }
    for (const name of l.outputs) add(`${name}.change`)
    if (l.name) for (const event of ['then', 'success', 'failure']) add(`${l.name}.${event}`)
  })
  const { component, count } = stronglyConnected(edges)
  // Each component's listeners, by id; a component of triggers alone has none.
  const members: ListenerSpec[][] = Array.from({ length: count }, () => [])
  listeners.forEach((l, i) => members[component[i]!]!.push(l))
  for (const list of members) if (list.length > 1) list.sort((a, b) => a.id - b.id)
  const indegree = new Int32Array(count)
  edges.forEach((out, from) => {
    for (const to of out) if (component[to] !== component[from]) indegree[component[to]!]!++
  })
  const key = (c: number) => members[c]![0]?.id ?? -Infinity
  const ready = new MinHeap<number>((a, b) => key(a) - key(b) || a - b)
  for (let c = 0; c < count; c++) if (indegree[c] === 0) ready.push(c)
  // The outgoing edges of each component, gathered once.
  const out: number[][] = Array.from({ length: count }, () => [])
  edges.forEach((targets, from) => {
    for (const to of targets) if (component[to] !== component[from]) out[component[from]!]!.push(component[to]!)
  })
  const rank = new Map<ListenerSpec, number>()
  while (ready.size) {
    const c = ready.pop()!
    for (const l of members[c]!) rank.set(l, rank.size)
    for (const next of out[c]!) if (--indegree[next]! === 0) ready.push(next)
  }
  return rank
}

/** A binary min-heap. */
export class MinHeap<T> {
  #items: T[] = []
  constructor(private readonly before: (a: T, b: T) => number) {}

  get size(): number {
    return this.#items.length
  }

  push(item: T): void {
    const items = this.#items
    let i = items.push(item) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.before(items[parent]!, item) <= 0) break
      items[i] = items[parent]!
      i = parent
    }
    items[i] = item
  }

  pop(): T | undefined {
    const items = this.#items
    const top = items[0]
    const last = items.pop()!
    const size = items.length
    if (size === 0) return top
    let i = 0
    for (;;) {
      let least = 2 * i + 1
      if (least >= size) break
      if (least + 1 < size && this.before(items[least + 1]!, items[least]!) < 0) least++
      if (this.before(items[least]!, last) >= 0) break
      items[i] = items[least]!
      i = least
    }
    items[i] = last
    return top
  }
}

// --- internal ---

/** Tarjan's strongly connected components, without recursion: the component of each node. */
function stronglyConnected(edges: readonly (readonly number[])[]): { component: Int32Array; count: number } {
  const size = edges.length
  const order = new Int32Array(size).fill(-1)
  const low = new Int32Array(size)
  const component = new Int32Array(size).fill(-1)
  const stack: number[] = []
  const onStack = new Uint8Array(size)
  const calls: Array<[node: number, next: number]> = []
  let counter = 0
  let components = 0
  for (let root = 0; root < size; root++) {
    if (order[root] !== -1) continue
    calls.push([root, 0])
    while (calls.length) {
      const frame = calls[calls.length - 1]!
      const node = frame[0]
      if (frame[1] === 0) {
        order[node] = low[node] = counter++
        stack.push(node)
        onStack[node] = 1
      }
      const out = edges[node]!
      let descended = false
      while (frame[1] < out.length) {
        const to = out[frame[1]++]!
        if (order[to] === -1) {
          calls.push([to, 0])
          descended = true
          break
        }
        if (onStack[to]) low[node] = Math.min(low[node]!, order[to]!)
      }
      if (descended) continue
      calls.pop()
      const parent = calls[calls.length - 1]
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!)
      if (low[node] === order[node]) {
        let member: number
        do {
          member = stack.pop()!
          onStack[member] = 0
          component[member] = components
        } while (member !== node)
        components++
      }
    }
  }
  return { component, count: components }
}
