import type { AppCore } from '../core.js'
import type { SharedMode } from './mode.js'
import { holdLease } from '../store/lease.js'
import { announceGlobal } from '../shared/globals.js'

/**
 * Runs `f` holding, across instances, the leases `global:<name>` of `names` (sorted, so that two
 * runs never wait on each other): the globals' cells are read from the store first (a notice this
 * instance missed is repaired here, by revision), and the ones `f` wrote are written back before
 * the leases go, each write announced to every instance.
 */
export async function withSharedGlobals<T>(core: AppCore, shared: SharedMode, names: readonly string[], f: () => Promise<T>): Promise<T> {
  const { store, instance, leaseMs } = shared
  const hold = (i: number): Promise<T> => (i < names.length ? holdLease(store, `global:${names[i]}`, instance, leaseMs, () => hold(i + 1)) : run())
  const run = async () => {
    for (const [name, stored] of await store.readGlobals(names)) {
      const cell = core.globals.get(name)!
      if (stored.revision > (cell.revision ?? 0)) Object.assign(cell, { value: stored.value, revision: stored.revision })
    }
    try {
      return await f()
    } finally {
      for (const name of names) {
        const cell = core.globals.get(name)!
        if (!cell.dirty) continue
        cell.dirty = false
        const revision = await store.writeGlobal(name, cell.value, instance)
        if (revision === undefined) throw new Error(`[g-kit] global '${name}': its lease was lost (the instance stalled): the write is refused`)
        cell.revision = revision
      }
    }
  }
  return hold(0)
}

/**
 * Keeps this instance's copies of the globals fresh: at each notice of a write on another instance,
 * the global is read again and its change announced to this instance's pages. Resolves a function
 * that stops it.
 */
export function watchSharedGlobals(core: AppCore, shared: SharedMode): Promise<() => Promise<void>> {
  return shared.store.watchGlobals(({ name, revision }) => {
    const cell = core.globals.get(name)
    if (!cell || revision <= (cell.revision ?? 0)) return
    shared.track(
      shared.store.readGlobals([name]).then((found) => {
        const stored = found.get(name)
        if (!stored || stored.revision <= (cell.revision ?? 0)) return
        Object.assign(cell, { value: stored.value, revision: stored.revision })
        announceGlobal(core, name)
      }),
    )
  })
}
