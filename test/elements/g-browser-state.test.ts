import { expect, fixture, html, oneEvent } from '@open-wc/testing'
import { ifDefined } from 'lit/directives/if-defined.js'
import { appFixture, clickButton, record, shownErrors, until } from './_fixture.js'
import type { GApp } from '../../elements/g-app.js'
import type { GBrowserState } from '../../elements/g-browser-state.js'
import type { GJson } from '../../elements/g-json.js'
import type { GTextbox } from '../../elements/g-textbox.js'

/** Prefix of the storage keys these tests choose (`storage-key`); afterEach removes them. */
const PREFIX = 'bs-test:'
const DEFAULT = 'the default'
/** Every falsy-looking JSON value. */
const FALSY: unknown[] = [0, '', false, null, {}, []]

const show = (value: unknown) => JSON.stringify(value)
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The element of `app` named `name`. */
function named<T extends Element>(app: GApp, name: string): T {
  const found = app.querySelector<T>(`[name="${name}"]`)
  if (!found) throw new Error(`the app has no element named '${name}'`)
  return found
}

interface PageOptions {
  plain?: boolean
  /** The `storage-key` attribute; none by default. */
  key?: string
  /** Adds `<g-on triggers="bs.change">` that shows `bs` in `out`. */
  onChange?: boolean
  server?: string
}

/**
 * A page with a browser state `bs` (default "the default"): `save` writes the value of the g-json
 * `src` into it, `show` (and `load`) shows it in the g-json `out`, which starts as "unset".
 */
function page({ plain = false, key, onChange = false, server = window.G_SERVER }: PageOptions = {}) {
  return html`<g-app server=${server}>
    <g-browser-state name="bs" value=${show(DEFAULT)} storage-key=${ifDefined(key)} ?plain=${plain}></g-browser-state>
    <g-json name="src" label="Source"></g-json>
    <g-json name="out" label="Out" value='"unset"'></g-json>
    <g-button name="save" fn="save_bs" inputs="src" outputs="bs">Save</g-button>
    <g-button name="show" fn="show_bs" inputs="bs" outputs="out">Show</g-button>
    <g-on triggers="load" fn="show_bs" inputs="bs" outputs="out"></g-on>
    ${onChange ? html`<g-on triggers="bs.change" fn="show_bs" inputs="bs" outputs="out"></g-on>` : ''}
  </g-app>`
}

/** Clicks a g-button and resolves once its shorthand listener has finished (its `then` event). */
async function clickAndWait(button: Element): Promise<void> {
  const finished = oneEvent(button, 'then')
  clickButton(button)
  await finished
}

/** Has a function write `value` into `bs` (through `src` and `save`). */
async function write(app: GApp, value: unknown): Promise<void> {
  named<GJson>(app, 'src').value = value
  await clickAndWait(named(app, 'save'))
}

/** The value of `bs` as the app's functions see it (shown in `out` by `show`). */
async function seen(app: GApp): Promise<unknown> {
  await clickAndWait(named(app, 'show'))
  return named<GJson>(app, 'out').value
}

/** Resolves once `out` shows `value` (the `load` listener, or a `change` one, put it there). */
async function untilOut(app: GApp, value: unknown): Promise<void> {
  const out = named<GJson>(app, 'out')
  await until(() => sameJson(out.value, value), `out to show ${show(value)} (it shows ${show(out.value)})`)
}

/** A reload: the app goes, and the same page markup makes a new one, with a new session. */
async function reload(app: GApp, options: PageOptions = {}): Promise<GApp> {
  app.remove()
  return appFixture(page(options))
}

const stateOf = (app: GApp) => named<GBrowserState>(app, 'bs')

/** Every key the tests have seen in use; afterEach removes them. */
const used = new Set<string>()

/** The key of `bs`, once the app has given it one. */
function keyOf(app: GApp): string {
  const key = stateOf(app).key
  if (!key) throw new Error('the browser state has no key')
  used.add(key)
  return key
}

/** The token with one base64url character in the middle changed. */
function flipped(token: string): string {
  const at = token.length >> 1
  return token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1)
}

/** Tells this tab that "another tab" wrote `newValue` under `key`, as the browser does. */
function otherTabWrites(key: string, newValue: string | null): void {
  const oldValue = localStorage.getItem(key)
  if (newValue === null) localStorage.removeItem(key)
  else localStorage.setItem(key, newValue)
  window.dispatchEvent(new StorageEvent('storage', { key, oldValue, newValue, storageArea: localStorage, url: location.href }))
}

function clearKeys(): void {
  for (const el of document.querySelectorAll('g-browser-state')) if (el.key) used.add(el.key)
  // Default keys name the test server, whose port is this run's own.
  const server = new URL(window.G_SERVER).host
  for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX) || key.includes(server) || used.has(key)) localStorage.removeItem(key)
  used.clear()
}

describe('<g-browser-state>', () => {
  beforeEach(clearKeys)
  afterEach(clearKeys)

  it('is hidden', async () => {
    const app = await appFixture(page())
    const el = stateOf(app)
    expect(el.hidden).to.equal(true)
    expect(getComputedStyle(el).display).to.equal('none')
    expect(el.getBoundingClientRect().height).to.equal(0)
    expect(shownErrors(app)).to.deep.equal([])
  })

  describe('storage key', () => {
    const two = (server: string) =>
      html`<g-app server=${server}><g-browser-state name="a" plain></g-browser-state><g-browser-state name="b" plain></g-browser-state></g-app>`
    const keys = (app: GApp) => [...app.querySelectorAll('g-browser-state')].map((el) => (el.key && used.add(el.key), el.key))

    it('is by default distinct for each name and each app, and the same again for the same page', async () => {
      const first = await appFixture(two(window.G_SERVER))
      const [a, b] = keys(first)
      expect(a).to.be.a('string').and.not.be.empty
      expect(b).to.be.a('string').and.not.be.empty
      expect(a).not.to.equal(b)
      expect(a).not.to.equal('a')

      // Another app: another server (here, another base path of the same host).
      const other = await fixture<GApp>(two(new URL('other-app/', window.G_SERVER).href))
      await until(() => keys(other).every((key) => key !== undefined), 'the other app to give keys')
      const [otherA, otherB] = keys(other)
      expect(otherA).not.to.equal(a)
      expect(otherB).not.to.equal(b)
      expect(otherA).not.to.equal(otherB)
      other.remove()

      // Stable: a reload of the same page uses the same keys (nothing random, nothing of the session).
      const session = first.session
      first.remove()
      const again = await appFixture(two(window.G_SERVER))
      expect(again.session).not.to.equal(session)
      expect(keys(again)).to.deep.equal([a, b])
    })

    it('is where the value is kept', async () => {
      const app = await appFixture(page({ plain: true }))
      await write(app, 'kept here')
      const key = keyOf(app)
      expect(localStorage.getItem(key)).to.equal(show('kept here'))
      expect(Object.keys(localStorage).filter((k) => localStorage.getItem(k) === show('kept here'))).to.deep.equal([key])
    })

    for (const plain of [true, false]) {
      it(`storage-key is used as it is (${plain ? 'plain' : 'sealed'})`, async () => {
        const key = `${PREFIX} my own key ${plain}`
        const app = await appFixture(page({ plain, key }))
        expect(stateOf(app).key).to.equal(key)
        await write(app, 'under my key')
        const stored = localStorage.getItem(key)
        expect(stored).to.be.a('string')
        expect(Object.keys(localStorage).filter((k) => localStorage.getItem(k) === stored)).to.deep.equal([key])
        const again = await reload(app, { plain, key })
        await untilOut(again, 'under my key')
      })
    }
  })

  describe('plain', () => {
    it('reads the default when nothing is stored, and the stored value at once after a reload', async () => {
      const first = await fixture<GApp>(page({ plain: true }))
      expect(stateOf(first).value).to.equal(DEFAULT)
      if (!first.session) await oneEvent(first, 'load')
      await untilOut(first, DEFAULT)
      await write(first, { n: 1 })
      expect(stateOf(first).value).to.deep.equal({ n: 1 })
      const key = keyOf(first)
      expect(localStorage.getItem(key)).to.equal(show({ n: 1 }))

      first.remove()
      const second = await fixture<GApp>(page({ plain: true }))
      // Before the server has said anything.
      expect(second.session).to.equal(undefined)
      expect(stateOf(second).value).to.deep.equal({ n: 1 })
      if (!second.session) await oneEvent(second, 'load')
      await untilOut(second, { n: 1 })
    })

    it('reads readable JSON another script stored under its key', async () => {
      const key = `${PREFIX} plain from a script`
      localStorage.setItem(key, show(['from', 'a', 'script']))
      const app = await fixture<GApp>(page({ plain: true, key }))
      expect(stateOf(app).value).to.deep.equal(['from', 'a', 'script'])
    })

    for (const value of [...FALSY, 'text', { nested: [1, { deep: true }] }]) {
      it(`keeps ${show(value)}`, async () => {
        const first = await appFixture(page({ plain: true }))
        await write(first, value)
        expect(stateOf(first).value).to.deep.equal(value)
        expect(localStorage.getItem(keyOf(first))).to.equal(show(value))
        expect(await seen(first)).to.deep.equal(value)

        const second = await reload(first, { plain: true })
        expect(stateOf(second).value).to.deep.equal(value)
        await untilOut(second, value)
        expect(shownErrors(second)).to.deep.equal([])
      })
    }
  })

  describe('sealed', () => {
    it('holds only a token: neither the value nor its JSON, and el.value is undefined', async () => {
      const secret = { user: 'SENTINEL-user-4d1e', password: 'SENTINEL-pass-a07c' }
      const app = await appFixture(page())
      expect(stateOf(app).value).to.equal(undefined)
      await write(app, secret)
      const token = localStorage.getItem(keyOf(app))
      expect(token).to.be.a('string').and.match(/^g2\./)
      expect(token).not.to.equal(show(secret))
      expect(token).not.to.contain(show(secret))
      expect(token).not.to.contain('SENTINEL')
      expect(stateOf(app).value).to.equal(undefined)
      expect(await seen(app)).to.deep.equal(secret)

      const again = await reload(app)
      expect(stateOf(again).value).to.equal(undefined)
      await untilOut(again, secret)
    })

    it('gives the functions the default when nothing is stored', async () => {
      const app = await appFixture(page())
      await untilOut(app, DEFAULT)
      expect(localStorage.getItem(keyOf(app))).to.equal(null)
    })

    for (const value of [...FALSY, 'text', { nested: [1, { deep: true }] }]) {
      it(`keeps ${show(value)}`, async () => {
        const first = await appFixture(page())
        await untilOut(first, DEFAULT)
        await write(first, value)
        expect(await seen(first)).to.deep.equal(value)
        const token = localStorage.getItem(keyOf(first))
        expect(token).to.match(/^g2\./)

        const second = await reload(first)
        await untilOut(second, value)
        expect(named<GJson>(second, 'out').value).to.deep.equal(value)
        expect(shownErrors(second)).to.deep.equal([])
      })
    }

    it('fires change when a function changes it, and not when it writes the same value', async () => {
      const app = await appFixture(page())
      const changes = record(stateOf(app), 'change')
      await write(app, 'one')
      expect(changes.length).to.equal(1)
      const token = localStorage.getItem(keyOf(app))
      await write(app, 'one')
      expect(changes.length).to.equal(1)
      expect(localStorage.getItem(keyOf(app))).to.equal(token)
      await write(app, 'two')
      expect(changes.length).to.equal(2)
    })
  })

  for (const plain of [true, false]) {
    it(`shows an error naming the limit for a value too large to keep, and keeps the old one (${plain ? 'plain' : 'sealed'})`, async () => {
      const app = await appFixture(page({ plain }))
      await write(app, 'small')
      const kept = localStorage.getItem(keyOf(app))
      expect(kept).to.be.a('string')
      const changes = record(stateOf(app), 'change')
      named<GJson>(app, 'src').value = 'x'.repeat(70_000)
      const failed = oneEvent(named(app, 'save'), 'failure')
      clickButton(named(app, 'save'))
      await failed
      await until(() => shownErrors(app).length > 0, 'an error shown')
      expect(shownErrors(app)[0]).to.contain('65536')
      expect(localStorage.getItem(keyOf(app))).to.equal(kept)
      expect(changes.length).to.equal(0)
      expect(await seen(app)).to.equal('small')
      if (plain) expect(stateOf(app).value).to.equal('small')
    })
  }

  it('takes a token resealed with the newest secret at the next write, without a change', async () => {
    const key = `${PREFIX} rotated`
    const markup = html`<g-app server=${window.G_SERVER}>
      <g-browser-state name="bs" value=${show(DEFAULT)} storage-key=${key}></g-browser-state>
      <g-json name="src" label="Source"></g-json>
      <g-json name="out" label="Out" value='"unset"'></g-json>
      <g-textbox name="k" label="Key" value=${key}></g-textbox>
      <g-textbox name="token" label="Token"></g-textbox>
      <g-button name="make" fn="seal_with_old_secret" inputs="src k" outputs="token">Seal with the old secret</g-button>
      <g-button name="save" fn="save_bs" inputs="src" outputs="bs">Save</g-button>
      <g-button name="check" fn="open_with_newest_only" inputs="token k" outputs="out">Check</g-button>
      <g-on triggers="load" fn="show_bs" inputs="bs" outputs="out"></g-on>
    </g-app>`
    // A token the browser kept from before the secret was rotated.
    const first = await appFixture(markup)
    named<GJson>(first, 'src').value = { name: 'Ada' }
    await clickAndWait(named(first, 'make'))
    const oldToken = named<GTextbox>(first, 'token').value
    expect(oldToken).to.match(/^g2\./)
    localStorage.setItem(key, oldToken)

    first.remove()
    const app = await appFixture(markup)
    await untilOut(app, { name: 'Ada' })
    const changes = record(stateOf(app), 'change')
    named<GJson>(app, 'src').value = { name: 'Ada' }
    await clickAndWait(named(app, 'save'))
    const newToken = localStorage.getItem(key)
    expect(newToken).to.match(/^g2\./)
    expect(newToken, 'resealed').not.to.equal(oldToken)
    expect(changes.length, 'no change: the value is the same').to.equal(0)

    const token = named<GTextbox>(app, 'token')
    token.value = newToken!
    await clickAndWait(named(app, 'check'))
    expect(named<GJson>(app, 'out').value).to.deep.equal({ name: 'Ada' })
    token.value = oldToken
    await clickAndWait(named(app, 'check'))
    expect(named<GJson>(app, 'out').value, 'the old token needs the old secret').to.equal('cannot be opened')
    expect(shownErrors(app)).to.deep.equal([])
  })

  describe('a token that cannot be opened gives the default, and no error on the page', () => {
    const tampered: Array<[string, (token: string) => string]> = [
      ['garbage', () => 'not a token at all'],
      ['an empty string', () => ''],
      ['a truncated token', (token) => token.slice(0, -4)],
      ['a token cut in half', (token) => token.slice(0, token.length >> 1)],
      ['an altered token (one character flipped)', flipped],
      ['readable JSON', () => show({ role: 'admin' })],
    ]
    for (const [what, spoil] of tampered) {
      it(what, async () => {
        const key = `${PREFIX} tampered`
        const first = await appFixture(page({ key }))
        await write(first, { role: 'user' })
        const token = localStorage.getItem(key)!
        expect(token).to.match(/^g2\./)
        const bad = spoil(token)
        expect(bad).not.to.equal(token)
        localStorage.setItem(key, bad)

        const errors = record(document, 'g-error')
        const second = await reload(first, { key })
        await untilOut(second, DEFAULT)
        expect(await seen(second)).to.equal(DEFAULT)
        expect(shownErrors(second)).to.deep.equal([])
        expect(errors).to.deep.equal([])
        // The page goes on: a new value replaces the bad token.
        await write(second, 'fresh')
        expect(localStorage.getItem(key)).to.match(/^g2\./)
        const third = await reload(second, { key })
        await untilOut(third, 'fresh')
      })
    }

    it('a token copied from another key', async () => {
      const keyA = `${PREFIX} A`
      const keyB = `${PREFIX} B`
      const a = await appFixture(page({ key: keyA }))
      await write(a, 'kept for A')
      const token = localStorage.getItem(keyA)!
      expect(token).to.match(/^g2\./)
      localStorage.setItem(keyB, token)

      const errors = record(document, 'g-error')
      const b = await reload(a, { key: keyB })
      await untilOut(b, DEFAULT)
      expect(shownErrors(b)).to.deep.equal([])
      expect(errors).to.deep.equal([])
      // Where it belongs, the same token opens.
      const backToA = await reload(b, { key: keyA })
      await untilOut(backToA, 'kept for A')
    })

    it('a token copied between two default keys of one app', async () => {
      const markup = html`<g-app server=${window.G_SERVER}>
        <g-browser-state name="role" value='"guest"'></g-browser-state>
        <g-browser-state name="other" value='"none"'></g-browser-state>
        <g-json name="src" label="Source"></g-json>
        <g-json name="out" label="Out" value='"unset"'></g-json>
        <g-button name="save" fn="save_other" inputs="src" outputs="other">Save</g-button>
        <g-on triggers="load" fn="show_role" inputs="role" outputs="out"></g-on>
      </g-app>`
      const first = await appFixture(markup)
      await untilOut(first, 'guest')
      await write(first, 'admin')
      const [role, other] = [named<GBrowserState>(first, 'role').key!, named<GBrowserState>(first, 'other').key!]
      used.add(role).add(other)
      expect(localStorage.getItem(role)).to.equal(null)
      localStorage.setItem(role, localStorage.getItem(other)!)

      first.remove()
      const second = await appFixture(markup)
      await untilOut(second, 'guest')
      expect(shownErrors(second)).to.deep.equal([])
    })
  })

  it('keeps working in memory when localStorage refuses to store, and says so once', async () => {
    const warnings: unknown[][] = []
    const warn = console.warn
    const setItem = Storage.prototype.setItem
    console.warn = (...args: unknown[]) => {
      if (args.some((arg) => String(arg).includes('g-kit'))) warnings.push(args)
      else warn.apply(console, args)
    }
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    const sealedKey = `${PREFIX} quota sealed`
    const plainKey = `${PREFIX} quota plain`
    try {
      const app = await appFixture(page({ key: sealedKey }))
      for (const value of ['one', 0, { three: 3 }]) {
        await write(app, value)
        expect(await seen(app), `the functions see ${show(value)}`).to.deep.equal(value)
      }
      expect(localStorage.getItem(sealedKey)).to.equal(null)
      // The page's life goes on: an app made again on this page still has it.
      const again = await reload(app, { key: sealedKey })
      await untilOut(again, { three: 3 })

      const plain = await reload(again, { plain: true, key: plainKey })
      for (const value of ['one', false, [2]]) {
        await write(plain, value)
        expect(stateOf(plain).value).to.deep.equal(value)
        expect(await seen(plain)).to.deep.equal(value)
      }
      expect(localStorage.getItem(plainKey)).to.equal(null)
      expect(shownErrors(plain)).to.deep.equal([])
    } finally {
      Storage.prototype.setItem = setItem
      console.warn = warn
    }
    expect(warnings.length, `warnings: ${warnings.map((w) => w.join(' ')).join('\n')}`).to.equal(1)
    expect(String(warnings[0]![0])).to.contain('localStorage')
  })

  describe('another tab', () => {
    it('(plain) writes a new value: the element takes it, fires change, and its listeners run', async () => {
      const app = await appFixture(page({ plain: true, onChange: true }))
      await untilOut(app, DEFAULT)
      const el = stateOf(app)
      const key = keyOf(app)
      const changes = record(el, 'change')

      otherTabWrites(`${key} and more`, show('not mine'))
      otherTabWrites(`${PREFIX} unrelated`, show('not mine'))
      expect(changes.length, 'other keys are not its own').to.equal(0)

      otherTabWrites(key, show({ from: 'another tab' }))
      expect(changes.length).to.equal(1)
      expect(el.value).to.deep.equal({ from: 'another tab' })
      await untilOut(app, { from: 'another tab' })

      otherTabWrites(key, show({ from: 'another tab' }))
      expect(changes.length, 'the same value again is no change').to.equal(1)

      // Removed there: the default here.
      otherTabWrites(key, null)
      expect(changes.length).to.equal(2)
      expect(el.value).to.equal(DEFAULT)
      await untilOut(app, DEFAULT)
      expect(shownErrors(app)).to.deep.equal([])
    })

    it('(sealed) writes a token: the element fires change, and its listeners run with the value it holds', async () => {
      const app = await appFixture(page({ onChange: true }))
      await untilOut(app, DEFAULT)
      const el = stateOf(app)
      const key = keyOf(app)
      await write(app, 'first')
      await untilOut(app, 'first')
      const firstToken = localStorage.getItem(key)!
      await write(app, 'second')
      await untilOut(app, 'second')
      expect(localStorage.getItem(key)).not.to.equal(firstToken)

      const changes = record(el, 'change')
      otherTabWrites(key, firstToken)
      expect(changes.length).to.equal(1)
      expect(el.value).to.equal(undefined)
      await untilOut(app, 'first')
      expect(await seen(app)).to.equal('first')
      expect(shownErrors(app)).to.deep.equal([])
    })
  })
})
