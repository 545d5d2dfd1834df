import { mkdir, open, readdir, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp, type FnContext } from 'g-kit/server'

/**
 * Cleaning up after each session (the seed's non-deep-copyable objects). Each session writes
 * files into a folder of its own and keeps a journal: an open file, which cannot be copied, so it
 * lives in a private state made by a factory. When the session ends (its tab closed
 * `closedTtl` seconds ago, or the server stops), `onDelete` closes the journal and `onUnload`
 * removes the folder.
 */
export const filesRoot = join(tmpdir(), 'g-kit-cleanup')
const folderOf = (session: string) => join(filesRoot, session)

/** Sessions the server keeps now: started by `load`, ended by `onUnload`. */
let liveSessions = 0

/** A session's journal: one line per file made. */
class Journal {
  #file: Promise<FileHandle>
  constructor(path: string) {
    this.#file = mkdir(join(path, '..'), { recursive: true }).then(() => open(path, 'a'))
  }
  async write(line: string): Promise<void> {
    await (await this.#file).appendFile(`${new Date().toISOString()} ${line}\n`)
  }
  async close(): Promise<void> {
    await (await this.#file).close()
  }
}

export const app = createApp({
  static: fileURLToPath(new URL('.', import.meta.url)),
  // Short, so that the clean-up is seen soon after a tab closes (G_CLOSED_TTL lets a test shorten it more).
  closedTtl: Number(process.env.G_CLOSED_TTL ?? 20),
  sweepInterval: Number(process.env.G_SWEEP_INTERVAL ?? 2),
})

app.state('journal', {
  private: true,
  value: (session) => new Journal(join(folderOf(session.id), 'journal.log')),
  onDelete: (journal: Journal) => journal.close(),
})

app.fn('start', () => {
  liveSessions++
  return liveSessions
})

app.fn('make_file', async (ctx: FnContext) => {
  const folder = folderOf(ctx.session.id)
  await mkdir(folder, { recursive: true })
  const files = (await readdir(folder)).filter((name) => name.startsWith('image-'))
  const name = `image-${files.length + 1}.txt`
  await writeFile(join(folder, name), `generated for session ${ctx.session.id}\n`)
  await ctx.session.get<Journal>('journal').write(`made ${name}`)
  return [[...files, name], liveSessions]
})

app.onUnload(async ({ session }) => {
  liveSessions--
  await rm(folderOf(session.id), { recursive: true, force: true })
})
