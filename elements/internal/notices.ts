import type { ConnectionStatus } from '../client/connection.js'

/** What `<g-app>` tells the user about its connection, given what it tells now. */
export function statusNotice(status: ConnectionStatus, detail: string | undefined, current: string): string {
  if (status === 'refused') return `This app cannot reach its server: ${detail ?? 'the server refused this page'}.`
  if (status === 'reconnecting' && detail === 'server full') return 'The server is full right now. Retrying…'
  if (status === 'reconnecting') return `Disconnected from the server${detail ? `: ${detail}` : ''}. Reconnecting…`
  if (status === 'open' && /^(Disconnected|The server is full)/.test(current)) return ''
  return current
}

/** What `<g-app>` tells the user when its session was gone and a new one started, naming the actions not done. */
export function lostSessionNotice(notDone: readonly string[]): string {
  const actions = notDone.length ? ` Not done: ${notDone.join(', ')}; do it again if you still want it.` : ''
  return `Your session on the server had ended (it expired, or the server restarted): a new one has started, from the defaults.${actions}`
}
