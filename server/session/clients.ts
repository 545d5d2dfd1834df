import { isIP } from 'node:net'
import type { Session } from './session.js'
import type { ClosedSessions } from './closed.js'

/** What the registry knows of one client address: how many sessions it holds, and its closed ones in closing order. */
interface Client {
  key: string
  sessions: number
  closed: Set<Session>
}

/**
 * The app's sessions by id, indexed by client address so that capacity is shared fairly: how many
 * sessions each client holds, its closed ones in the order they closed, and the clients that have a
 * closed session grouped by how many sessions they hold, so that the one holding the most is found
 * at once. Every change goes through `set`/`delete` (a Map's own) and {@link closed}/{@link reopened}.
 */
export class SessionRegistry extends Map<string, Session> {
  #clients = new Map<string, Client>()
  /** Clients with at least one closed session, by the number of sessions they hold. */
  #evictable = new Map<number, Set<Client>>()
  /** At least the largest key of #evictable (lowered lazily). */
  #top = 0

  constructor(readonly closedQueue: ClosedSessions) {
    super()
  }

  override set(id: string, session: Session): this {
    const old = super.get(id)
    if (old === session) return this
    if (old) this.#forget(old)
    super.set(id, session)
    const key = clientKey(session.request.address)
    let client = this.#clients.get(key)
    if (!client) this.#clients.set(key, (client = { key, sessions: 0, closed: new Set() }))
    this.#unlist(client)
    client.sessions++
    this.#list(client)
    return this
  }

  override delete(id: string): boolean {
    const session = super.get(id)
    if (!session) return false
    super.delete(id)
    this.#forget(session)
    return true
  }

  override clear(): void {
    for (const id of [...this.keys()]) this.delete(id)
  }

  /** The page of `session` closed at `at`: it may now be evicted, and expires after `closedTtl`. */
  closed(session: Session, at: number): void {
    const client = this.#clientOf(session)
    if (!client) return
    this.#unlist(client)
    client.closed.delete(session)
    client.closed.add(session)
    this.#list(client)
    this.closedQueue.push(session, at)
  }

  /** The page of `session` came back. */
  reopened(session: Session): void {
    const client = this.#clientOf(session)
    if (!client) return
    this.#unlist(client)
    client.closed.delete(session)
    this.#list(client)
    this.closedQueue.delete(session)
  }

  /** How many sessions, open and closed, the client at `address` holds. */
  countOf(address: string | undefined): number {
    return this.#clients.get(clientKey(address))?.sessions ?? 0
  }

  /** The client's session whose page closed longest ago; undefined when all its sessions are open. */
  oldestClosedOf(address: string | undefined): Session | undefined {
    return first(this.#clients.get(clientKey(address))?.closed)
  }

  /**
   * The session to evict at capacity: of the clients that hold the most sessions (and have a closed
   * one), the one that got there first, and its session whose page closed longest ago. Undefined
   * when every session is open.
   */
  victim(): Session | undefined {
    while (this.#top > 0 && !this.#evictable.has(this.#top)) this.#top--
    return first(first(this.#evictable.get(this.#top))?.closed)
  }

  #clientOf(session: Session): Client | undefined {
    return super.get(session.id) === session ? this.#clients.get(clientKey(session.request.address)) : undefined
  }

  #forget(session: Session): void {
    const key = clientKey(session.request.address)
    const client = this.#clients.get(key)
    this.closedQueue.delete(session)
    if (!client) return
    this.#unlist(client)
    client.closed.delete(session)
    if (--client.sessions <= 0) this.#clients.delete(key)
    else this.#list(client)
  }

  #list(client: Client): void {
    if (!client.closed.size) return
    let group = this.#evictable.get(client.sessions)
    if (!group) this.#evictable.set(client.sessions, (group = new Set()))
    group.add(client)
    if (client.sessions > this.#top) this.#top = client.sessions
  }

  #unlist(client: Client): void {
    const group = this.#evictable.get(client.sessions)
    if (!group?.delete(client)) return
    if (!group.size) this.#evictable.delete(client.sessions)
  }
}

/**
 * The key a client's sessions are counted under: its IPv4 address, or the /64 network of its IPv6
 * address (one host commonly holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function clientKey(address: string | undefined): string {
  if (!address) return ''
  if (isIP(address) !== 6) return address
  const [head = '', tail = ''] = address.toLowerCase().replace(/%.*$/, '').split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left
  return groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':') + '::/64'
}

function first<T>(set: Set<T> | undefined): T | undefined {
  if (!set) return undefined
  for (const item of set) return item
  return undefined
}
