import type { Redis } from 'ioredis'
import type { ScriptCalls } from './redis-scripts.js'

/** One commit waiting for its batch: its two keys (lease, session), its arguments, and its caller. */
interface Queued {
  keys: [string, string]
  args: Array<string | number | Buffer>
  resolve(outcome: number): void
  reject(error: unknown): void
}

/**
 * The commits of the Redis store, sent together: those of every session made in one turn of the
 * event loop go in one call of the `gCommit` script, which applies each as if alone (checking its
 * own lease and event id) and answers their outcomes in order. Per event, the instance then pays
 * a fraction of a command to ioredis and Redis, not one each. (The keys of several sessions in one
 * script suit one Redis server, which is what the store connects to, not Redis Cluster.)
 */
export class CommitBatches {
  #queued: Queued[] | undefined

  constructor(private readonly client: () => Promise<Redis & ScriptCalls>) {}

  /** Queues a commit; resolves its outcome (0 stale, 1 committed, 2 duplicate, 3 gone). */
  commit(keys: [string, string], args: Array<string | number | Buffer>): Promise<number> {
    return new Promise((resolve, reject) => {
      if (!this.#queued) {
        this.#queued = []
        setImmediate(() => void this.#send())
      }
      this.#queued.push({ keys, args, resolve, reject })
    })
  }

  async #send(): Promise<void> {
    const queued = this.#queued!
    this.#queued = undefined
    const keys: string[] = []
    const argv: Array<string | number | Buffer> = []
    for (const { keys: [lease, session], args } of queued) {
      keys.push(lease, session)
      argv.push(args.length)
      for (const arg of args) argv.push(arg)
    }
    try {
      const outcomes = (await (await this.client()).gCommit(keys.length, ...keys, ...argv)) as number[]
      queued.forEach((commit, i) => commit.resolve(outcomes[i]!))
    } catch (error) {
      for (const commit of queued) commit.reject(error)
    }
  }
}
