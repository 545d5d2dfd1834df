/**
 * Where the states of each session live. A store may serialize values (Redis does), so values
 * are data: JSON plus Map, Set, Date and typed arrays. Objects that cannot be copied (connections,
 * locks) belong in private states, which stay in their process and never reach a store.
 */
export interface SessionStore {
  /** The states a session has written so far; `undefined` when the store holds none for it. */
  load(session: string): Map<string, unknown> | undefined | Promise<Map<string, unknown> | undefined>
  /**
   * Writes some states of a session (creating its record) and removes others. A store that writes
   * at once may return nothing; one that writes elsewhere returns a promise of the write.
   */
  save(session: string, changes: ReadonlyMap<string, unknown>, removed?: readonly string[]): void | Promise<void>
  /** Removes a session; resolves the states it held, for their `onDelete` callbacks. */
  delete(session: string): Promise<Map<string, unknown> | undefined>
  /** Releases connections; the store is not used afterwards. */
  close?(): Promise<void>
}

/** The default store: a map in this process's memory. The maps it hands out are its own; callers only read them. */
export function memoryStore(): SessionStore {
  const sessions = new Map<string, Map<string, unknown>>()
  return {
    // Answers at once, without a promise: an event on the memory store waits on nothing.
    load(session) {
      return sessions.get(session)
    },
    save(session, changes, removed = []) {
      let states = sessions.get(session)
      if (!states) sessions.set(session, (states = new Map()))
      for (const [name, value] of changes) states.set(name, value)
      for (const name of removed) states.delete(name)
    },
    async delete(session) {
      const states = sessions.get(session)
      sessions.delete(session)
      return states
    },
  }
}
