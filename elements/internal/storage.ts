/**
 * localStorage that keeps working when it does not (private modes, sandboxed iframes, a full
 * quota): what cannot be stored is kept in memory for the page's life, and the page is told once.
 */
const memory = new Map<string, string>()
let warned = false

function warnOnce(error: unknown): void {
  if (warned) return
  warned = true
  console.warn('[g-kit] localStorage is not available (or full): browser state is kept in memory until the page closes.', error)
}

export function readStored(key: string): string | null {
  if (memory.has(key)) return memory.get(key)!
  try {
    return localStorage.getItem(key)
  } catch (error) {
    warnOnce(error)
    return null
  }
}

export function writeStored(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
    memory.delete(key)
  } catch (error) {
    warnOnce(error)
    memory.set(key, value)
  }
}
