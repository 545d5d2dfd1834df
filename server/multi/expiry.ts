import type { AppCore } from '../core.js'
import type { SharedMode } from './mode.js'
import { holdLease } from '../store/lease.js'
import { guard } from '../session/lifecycle.js'
import { dropLocal } from './local.js'
import { recordOwner } from './sessions.js'

/** Due items claimed in one pass of one instance. */
const CLAIMS_PER_SWEEP = 256

/**
 * Ends for good the sessions whose page has been gone `closedTtl` (scheduled by the instance that
 * saw it go): each is claimed by one instance only, which deletes it from the store under its lease
 * and runs each stored state's `onDelete` and every `onUnload` once, across all instances. A session
 * resumed since (its record open again) is left alone.
 */
export async function sweepShared(core: AppCore, shared: SharedMode, now = Date.now()): Promise<void> {
  const { store, leaseMs } = shared
  for (const claim of await store.claimDue(now, CLAIMS_PER_SWEEP, leaseMs)) {
    if (claim.kind === 'closed') {
      const id = claim.id
      const states = await holdLease(store, id, recordOwner(shared), leaseMs, async () => {
        const record = await store.getRecord(id)
        if (record && (record.closedAt === undefined || record.closedAt + core.options.closedTtl * 1000 > now)) return undefined
        return (await store.delete(id)) ?? new Map<string, unknown>()
      })
      if (states) {
        const local = core.sessions.get(id)
        if (local) await dropLocal(core, local)
        for (const [name, value] of states) {
          const onDelete = core.states.get(name)?.onDelete
          if (onDelete) await guard(core, `onDelete of state '${name}' in session ${id}`, () => onDelete(value))
        }
        for (const unload of core.unloads) await guard(core, `onUnload in session ${id}`, () => unload({ session: { id } }))
      }
    }
    await store.settle(claim)
  }
}
