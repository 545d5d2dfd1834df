// Hardening, isolation: one session's state out of another's reach, a slow function that holds
// up only its own session. (Origins of the socket and the static folder: hosts.test.ts.)
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import type { App } from 'g-kit/server'
import { PROTOCOL_VERSION, type ServerMessage, type UpdateMessage } from '../../server/protocol.js'
import { closeAll, connect, gate, graph, on, open, within } from './_ws.js'
import { closeRaws, counterApp, counterPage, shownOf } from './_hardening.js'

// =====================================================================================
// c. isolation
// =====================================================================================

describe('c. isolation between sessions', () => {
  let app: App
  let url: string
  before(async () => {
    app = counterApp()
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    closeRaws()
    await closeAll()
    await app.close()
  })

  it('gives a socket that presents another session’s id, alone or with a forged secret, a new session of its own and nothing of the other’s', async () => {
    const owner = await connect(url, counterPage)
    for (let i = 1; i <= 5; i++) assert.equal(shownOf((await owner.event('inc.click')).updates), i)
    const ownerToken = owner.welcome!.resume
    const [ownerId, ownerSecret] = [ownerToken.slice(0, ownerToken.indexOf('.')), ownerToken.slice(ownerToken.indexOf('.') + 1)]
    assert.equal(ownerId, owner.session, 'the token does not start with the session id')
    const other = await connect(url, counterPage) // a session the intruder owns: its secret is real, but not the owner's
    const otherSecret = other.welcome!.resume.slice(other.welcome!.resume.indexOf('.') + 1)
    const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1)
    const forged: Array<[string, string]> = [
      ['the public session id alone', ownerId],
      ['the id and an empty secret', `${ownerId}.`],
      ['the id with its own secret spliced from another session', `${ownerId}.${otherSecret}`],
      ['the id twice', `${ownerId}.${ownerId}`],
      ['the id with the secret cut short', `${ownerId}.${ownerSecret.slice(0, -1)}`],
      ['the id with one character of the secret changed', `${ownerId}.${flip(ownerSecret, 0)}`],
      ['the id with the first 10 characters of the secret', `${ownerId}.${ownerSecret.slice(0, 10)}`],
      ['the id in other case', `${ownerId.toUpperCase()}.${ownerSecret}`],
      ['a dot, then the token', `.${ownerToken}`],
      ['names of Object.prototype members', '__proto__.constructor'],
      ['the session id as the secret of __proto__', `__proto__.${ownerId}`],
    ]
    for (const [what, token] of forged) {
      const intruder = await open(url)
      intruder.send({ t: 'hello', v: PROTOCOL_VERSION, graph: counterPage, resume: token })
      const welcome = await intruder.next(`the welcome of ${what}`)
      assert.equal(welcome.t, 'welcome')
      if (welcome.t !== 'welcome') return
      assert.equal(welcome.resumed, false, `${what} resumed the owner's session`)
      assert.equal(welcome.expired, true)
      assert.notEqual(welcome.session, ownerId, `${what} got the owner's session`)
      assert.ok(!welcome.resume.startsWith(`${ownerId}.`), `${what} got a token of the owner's session`)
      const read = await intruder.event('read.click')
      assert.equal(shownOf(read.updates), 0, `${what} read the owner's count`)
      assert.equal(shownOf((await intruder.event('inc.click')).updates), 1, `${what} wrote on the owner's count`)
      assert.equal(owner.ws.readyState, WebSocket.OPEN, `${what} took the owner's socket away`)
      await intruder.close()
    }
    // The owner's state is unchanged, and its real token still resumes it (so the test above could see a resume).
    assert.equal(shownOf((await owner.event('read.click')).updates), 5)
    await owner.close()
    const back = await open(url)
    back.send({ t: 'hello', v: PROTOCOL_VERSION, graph: counterPage, resume: ownerToken })
    const welcome = await back.next('the welcome of the owner coming back')
    assert.ok(welcome.t === 'welcome' && welcome.resumed && welcome.session === ownerId, JSON.stringify(welcome))
    const id = owner.nextId() // the page's ids go on from where they were
    back.send({ t: 'event', id, trigger: 'read.click', values: {} })
    const replies = await back.until((m) => m.t === 'done' && m.e === id, 'the owner’s read')
    assert.equal(shownOf(replies.filter((m): m is UpdateMessage => m.t === 'update')), 5)
  })
})

// =====================================================================================
// e. a slow function holds up only its own session
// =====================================================================================

describe('e. a slow function in one session', () => {
  let app: App
  let url: string
  const napping = gate()
  before(async () => {
    app = counterApp()
    // The function under test sleeps 2 s on a timer; the test itself only waits for messages.
    app.fn('nap', async () => {
      napping.open()
      await new Promise((resolve) => setTimeout(resolve, 2000))
      return 'awake'
    })
    ;({ url } = await app.listen({ port: 0 }))
  })
  after(async () => {
    await closeAll()
    await app.close()
  })

  it('does not delay another session: B completes 100 events while A’s 2-second event sleeps, and A’s next event waits for it', async () => {
    const napPage = graph({ controls: ['nap', 'out', 'inc', 'shown'], listeners: [on('nap.click', 'nap', '', 'out'), on('inc.click', 'increment', 'count', 'count shown')], serverStates: ['count'] })
    const a = await connect(url, napPage)
    const b = await connect(url, counterPage)
    /** Every done of either session, in the order the test received them. */
    const order: string[] = []
    for (const [name, client] of [['A', a], ['B', b]] as const) {
      client.ws.on('message', (data) => {
        for (const m of JSON.parse(data.toString()) as ServerMessage[]) if (m.t === 'done') order.push(`${name}${m.e}`)
      })
    }
    const napId = a.nextId()
    a.send({ t: 'event', id: napId, trigger: 'nap.click', values: {} })
    const queuedId = a.nextId() // A's next event: it must wait for the nap, in A's order
    a.send({ t: 'event', id: queuedId, trigger: 'inc.click', values: {} })
    await within(napping.promise, 'A’s nap to start')
    const ids = Array.from({ length: 100 }, () => b.nextId())
    for (const id of ids) b.send({ t: 'event', id, trigger: 'inc.click', values: {} })
    const bMessages = await b.until((m) => m.t === 'done' && m.e === ids.at(-1), 'B’s 100 events')
    const aMessages = await a.until((m) => m.t === 'done' && m.e === queuedId, 'A’s events')
    const bDone = ids.map((id) => order.indexOf(`B${id}`))
    const [napDone, queuedDone] = [order.indexOf(`A${napId}`), order.indexOf(`A${queuedId}`)]
    assert.ok(bDone.every((i) => i >= 0) && napDone >= 0 && queuedDone >= 0, `a done is missing: ${order.join(' ')}`)
    assert.ok(Math.max(...bDone) < napDone, `B's events waited for A's nap: ${order.join(' ')}`)
    assert.ok(napDone < queuedDone, `A's second event did not wait for its first: ${order.join(' ')}`)
    assert.deepEqual(
      bMessages.filter((m): m is UpdateMessage => m.t === 'update').map((u) => u.values?.shown),
      ids.map((_, i) => i + 1),
      'B’s increments were not each applied once, in order',
    )
    assert.equal(aMessages.find((m): m is UpdateMessage => m.t === 'update' && m.e === napId)?.values?.out, 'awake')
  })
})

// f. origins: see hosts.test.ts ("origins and hosts: the socket and the static folder alike").
