import type { Redis } from 'ioredis'
import type { CommitOutcome } from './types.js'
import type { ScriptCalls } from './redis-scripts.js'

/** The arguments of a `gCommit` call, as its commits append them. */
export type CommitArgs = Array<string | Buffer>

/** The commits of one turn of the event loop: their keys and arguments, as `gCommit` takes them, and their callers. */
interface Batch {
  keys: string[]
  argv: CommitArgs
  settle: Array<{ resolve(outcome: CommitOutcome): void; reject(error: unknown): void }>
}

const OUTCOMES: readonly CommitOutcome[] = ['stale', 'committed', 'duplicate', 'gone']

/**
 * The commits of the Redis store, sent together: those of every session made in one turn of the
 * event loop go in one call of the `gCommit` script, which applies each as if alone (checking its
 * own lease and event id) and answers their outcomes in order. Per event, the instance then pays
 * a fraction of a command to ioredis and Redis, not one each; a commit writes its arguments, as
 * strings or bytes ready, straight into the batch's one list. (The keys of several sessions in one
 * script suit one Redis server, which is what the store connects to, not Redis Cluster.)
 */
export class CommitBatches {
  #batch: Batch | undefined

  constructor(private readonly client: () => Promise<Redis & ScriptCalls>) {}

  /**
   * Queues a commit of session hash `hash` under lease `lease`, whose arguments `write` appends (if
   * it throws, nothing of the commit is queued, and the error is the commit's).
   */
  commit(lease: string, hash: string, write: (argv: CommitArgs) => void): Promise<CommitOutcome> {
    const batch = (this.#batch ??= this.#open())
    const { argv } = batch
    const count = argv.length
    argv.push('')
    try {
      write(argv)
    } catch (error) {
      argv.length = count
      return Promise.reject(error)
    }
    argv[count] = String(argv.length - count - 1)
    batch.keys.push(lease, hash)
    return new Promise((resolve, reject) => void batch.settle.push({ resolve, reject }))
  }

  #open(): Batch {
    setImmediate(() => void this.#send())
    return { keys: [], argv: [], settle: [] }
  }

  async #send(): Promise<void> {
    const { keys, argv, settle } = this.#batch!
    this.#batch = undefined
    if (!settle.length) return
    try {
      const outcomes = (await (await this.client()).gCommit(keys.length, ...keys, ...argv)) as number[]
      for (let i = 0; i < settle.length; i++) settle[i]!.resolve(OUTCOMES[outcomes[i]!]!)
    } catch (error) {
      for (const commit of settle) commit.reject(error)
    }
  }
}
