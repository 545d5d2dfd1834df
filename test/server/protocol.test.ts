// The decoder of what browsers send: valid messages come out checked, anything else as an error
// that names the problem; it never throws.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeClientMessage, DEFAULT_LIMITS, type DecodeLimits } from '../../server/wire/decode.js'

/** The decoded message as JSON data (decoded records have a null prototype; `undefined` fields drop). */
function plain(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x))
}

const graph = { states: [], controls: [], listeners: [] }
const listener = { id: 0, triggers: ['add.click'], fn: 'add_items', inputs: ['items', 'cart'], outputs: ['cart'] }

describe('decodeClientMessage', () => {
  describe('valid messages', () => {
    const valid: Array<[string, unknown, unknown]> = [
      ['a minimal hello, whose controls default to none', { t: 'hello', v: 1, graph: { states: [], listeners: [] } }, { t: 'hello', v: 1, graph }],
      [
        'a hello with states, controls and every field of a listener',
        {
          t: 'hello',
          v: 1,
          resume: 'abc.def',
          graph: {
            states: [{ name: 'cart', value: [] }, { name: 'draft', value: 'x', ttl: 60 }, { name: 'empty' }],
            controls: ['items', 'size'],
            listeners: [
              { ...listener, name: 'adding', cancels: ['other'] },
              { id: 1, triggers: ['load'] },
            ],
          },
        },
        {
          t: 'hello',
          v: 1,
          resume: 'abc.def',
          graph: {
            states: [{ name: 'cart', value: [] }, { name: 'draft', value: 'x', ttl: 60 }, { name: 'empty' }],
            controls: ['items', 'size'],
            listeners: [
              { id: 0, triggers: ['add.click'], inputs: ['items', 'cart'], outputs: ['cart'], name: 'adding', fn: 'add_items', cancels: ['other'] },
              { id: 1, triggers: ['load'], inputs: [], outputs: [] },
            ],
          },
        },
      ],
      [
        'an event with values, data and an ack',
        { t: 'event', id: 3, trigger: 'add.click', values: { items: ['Milk'], n: 0 }, data: { row: 2 }, ack: 2 },
        { t: 'event', id: 3, trigger: 'add.click', values: { items: ['Milk'], n: 0 }, data: { row: 2 }, ack: 2 },
      ],
      ['an event without values, which then has none', { t: 'event', id: 1, trigger: 'load' }, { t: 'event', id: 1, trigger: 'load', values: {} }],
      ['a cancel', { t: 'cancel', listeners: ['adding', 'other'] }, { t: 'cancel', listeners: ['adding', 'other'] }],
      ['a cancel of nothing', { t: 'cancel', listeners: [] }, { t: 'cancel', listeners: [] }],
      ['a ping', { t: 'ping' }, { t: 'ping' }],
    ]
    for (const [what, msg, expected] of valid) {
      it(`decodes ${what}`, () => {
        const decoded = decodeClientMessage(JSON.stringify(msg))
        assert.ok(!('error' in decoded), `refused: ${JSON.stringify(decoded)}`)
        assert.deepEqual(plain(decoded), expected)
      })
    }

    it('keeps __proto__ and constructor keys of values as plain own data', () => {
      const raw = '{"t":"event","id":1,"trigger":"a.click","values":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"toString":1}}'
      const decoded = decodeClientMessage(raw)
      assert.ok(!('error' in decoded) && decoded.t === 'event', JSON.stringify(decoded))
      assert.ok(Object.hasOwn(decoded.values, '__proto__') && Object.hasOwn(decoded.values, 'constructor'))
      assert.deepEqual(Object.keys(decoded.values), ['__proto__', 'constructor', 'toString'])
      assert.deepEqual(plain(Object.getOwnPropertyDescriptor(decoded.values, '__proto__')!.value), { polluted: 1 })
      assert.equal(({} as Record<string, unknown>).polluted, undefined)
    })

    it('accepts a frame exactly at the size limit and values exactly at the depth limit', () => {
      const limits: DecodeLimits = { maxFrame: 200, maxDepth: 4, maxNames: 3, maxAppSize: 100 }
      // depth: the message 1, values 2, a 3, [ 4
      const raw = JSON.stringify({ t: 'event', id: 1, trigger: 'a.click', values: { a: [1] } })
      assert.ok(!('error' in decodeClientMessage(raw.padEnd(200, ' '), limits)))
      const names = JSON.stringify({ t: 'cancel', listeners: ['a', 'b', 'c'] })
      assert.ok(!('error' in decodeClientMessage(names, limits)))
    })
  })

  describe('malformed frames', () => {
    const limits: DecodeLimits = { maxFrame: 2000, maxDepth: 8, maxNames: 3, maxAppSize: 20 }
    const hello = (g: unknown, extra: object = {}) => JSON.stringify({ t: 'hello', v: 1, graph: g, ...extra })
    const helloListener = (l: object) => hello({ states: [], listeners: [l] })
    const event = (fields: object) => JSON.stringify({ t: 'event', id: 9, trigger: 'a.click', values: {}, ...fields })
    // [what, frame, the error must match, the event id it must name (if any)]
    const malformed: Array<[string, string, RegExp, number?]> = [
      ['a frame over the size limit', JSON.stringify({ t: 'ping', pad: 'x'.repeat(2000) }), /exceeds the limit of 2000/],
      ['text that is not JSON', '{"t":"hello",', /not valid JSON/],
      ['an empty frame', '', /not valid JSON/],
      ['a JSON array', '[{"t":"ping"}]', /not a JSON object/],
      ['JSON null', 'null', /not a JSON object/],
      ['a JSON number', '42', /not a JSON object/],
      ['a JSON string', '"ping"', /not a JSON object/],
      ['a message of an unknown type', '{"t":"shutdown"}', /unknown message type "shutdown"/],
      ['a message without a type', '{"id":1}', /unknown message type/],
      ['a message whose type is not a string', '{"t":{"x":1}}', /unknown message type/],
      ['an event nested deeper than the limit', event({ values: { a: [[[[[[[[1]]]]]]]] } }), /deeper than 8 levels/, 9],
      ['a hello nested deeper than the limit', hello({ states: [{ name: 'a', value: [[[[[[[[]]]]]]]] }], listeners: [] }), /deeper than 8 levels/],
      ['a hello without a version', JSON.stringify({ t: 'hello', graph: { states: [], listeners: [] } }), /'v' must be an integer/],
      ['a hello with a fractional version', hello({ states: [], listeners: [] }, { v: 1.5 }), /'v' must be an integer/],
      ['a hello with a version as a string', hello({ states: [], listeners: [] }, { v: '1' }), /'v' must be an integer/],
      ['a hello without a graph', JSON.stringify({ t: 'hello', v: 1 }), /'graph' must be an object/],
      ['a hello whose graph is a list', hello([]), /'graph' must be an object/],
      ['a graph without states', hello({ listeners: [] }), /'graph' needs lists 'states' and 'listeners'/],
      ['a graph without listeners', hello({ states: [] }), /'graph' needs lists 'states' and 'listeners'/],
      ['a graph with too many states', hello({ states: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }], listeners: [] }), /more than 3 states or listeners/],
      ['a state that is not an object', hello({ states: ['cart'], listeners: [] }), /'graph\.states\[0\]' must be an object/],
      ['a state without a name', hello({ states: [{ value: 1 }], listeners: [] }), /'graph\.states\[0\]\.name' must be a non-empty string/],
      ['a state with an empty name', hello({ states: [{ name: '' }], listeners: [] }), /'graph\.states\[0\]\.name'/],
      ['a state with a name of 201 characters', hello({ states: [{ name: 'n'.repeat(201) }], listeners: [] }), /'graph\.states\[0\]\.name' must be a non-empty string of at most 200/],
      ['a state with a number as name', hello({ states: [{ name: 1 }], listeners: [] }), /'graph\.states\[0\]\.name'/],
      ['a state with a negative ttl', hello({ states: [{ name: 'a', ttl: -1 }], listeners: [] }), /'graph\.states\[0\]\.ttl' must be a positive number/],
      ['a state with a ttl of zero', hello({ states: [{ name: 'a', ttl: 0 }], listeners: [] }), /'graph\.states\[0\]\.ttl'/],
      ['a state with a ttl as a string', hello({ states: [{ name: 'a', ttl: '60' }], listeners: [] }), /'graph\.states\[0\]\.ttl'/],
      ['controls that are not a list', hello({ states: [], controls: 'items', listeners: [] }), /'graph\.controls' must be a list of names/],
      ['a control that is not a string', hello({ states: [], controls: ['a', null], listeners: [] }), /'graph\.controls\[1\]'/],
      ['more controls than the limit', hello({ states: [], controls: ['a', 'b', 'c', 'd'], listeners: [] }), /'graph\.controls' lists 4 names, more than the limit of 3/],
      [
        'lists each within the limit, too many names in all',
        hello({ states: [], listeners: [0, 1, 2].map((id) => ({ id, triggers: ['a.click', 'b.click', 'c.click'], inputs: ['a', 'b', 'c'], outputs: ['a', 'b', 'c'] })) }),
        /'graph' declares 30 names in all, more than the limit of 20/,
      ],
      ['a listener that is not an object', hello({ states: [], listeners: [7] }), /'graph\.listeners\[0\]' must be an object/],
      ['a listener without an id', helloListener({ ...listener, id: undefined }), /'graph\.listeners\[0\]\.id' must be an integer/],
      ['a listener with an id as a string', helloListener({ ...listener, id: '0' }), /'graph\.listeners\[0\]\.id'/],
      ['a listener without triggers', helloListener({ ...listener, triggers: undefined }), /'graph\.listeners\[0\]\.triggers' must be a list/],
      ['a listener with a trigger that is not a string', helloListener({ ...listener, triggers: ['a.click', 5] }), /'graph\.listeners\[0\]\.triggers\[1\]'/],
      ['a listener with inputs that are not a list', helloListener({ ...listener, inputs: 'items' }), /'graph\.listeners\[0\]\.inputs' must be a list/],
      ['a listener with an input that is an object', helloListener({ ...listener, inputs: ['items', {}] }), /'graph\.listeners\[0\]\.inputs\[1\]'/],
      ['a listener with an output that is an empty string', helloListener({ ...listener, outputs: [''] }), /'graph\.listeners\[0\]\.outputs\[0\]'/],
      ['a listener with more outputs than the limit', helloListener({ ...listener, outputs: ['a', 'b', 'c', 'd'] }), /'graph\.listeners\[0\]\.outputs' lists 4 names/],
      ['a listener with a name that is not a string', helloListener({ ...listener, name: 3 }), /'graph\.listeners\[0\]\.name'/],
      ['a listener with an fn that is not a string', helloListener({ ...listener, fn: ['add_items'] }), /'graph\.listeners\[0\]\.fn'/],
      ['a listener with cancels that are not a list', helloListener({ ...listener, cancels: 'other' }), /'graph\.listeners\[0\]\.cancels' must be a list/],
      ['a hello with a resume token that is not a string', hello({ states: [], listeners: [] }, { resume: 12 }), /'resume'/],
      ['an event without an id', JSON.stringify({ t: 'event', trigger: 'a.click', values: {} }), /'id' must be an integer/],
      ['an event with a fractional id', event({ id: 1.5 }), /'id' must be an integer/],
      ['an event with an id beyond the safe integers', event({ id: 2 ** 53 }), /'id' must be an integer/],
      ['an event without a trigger', event({ trigger: undefined }), /'trigger' must be a non-empty string/, 9],
      ['an event with an empty trigger', event({ trigger: '' }), /'trigger'/, 9],
      ['an event with a trigger of 201 characters', event({ trigger: 't'.repeat(201) }), /'trigger'/, 9],
      ['an event whose values are a list', event({ values: [1, 2] }), /'values' must be an object/, 9],
      ['an event whose values are a string', event({ values: 'a=1' }), /'values' must be an object/, 9],
      ['an event with an ack that is not an integer', event({ ack: 'all' }), /'ack' must be an integer/, 9],
      ['a cancel without listeners', '{"t":"cancel"}', /'listeners' must be a list of names/],
      ['a cancel with a listener that is not a string', '{"t":"cancel","listeners":["a",false]}', /'listeners\[1\]'/],
      ['a cancel of more listeners than the limit', '{"t":"cancel","listeners":["a","b","c","d"]}', /'listeners' lists 4 names/],
    ]
    for (const [what, raw, message, e] of malformed) {
      it(`refuses ${what}, naming the problem`, () => {
        const decoded = decodeClientMessage(raw, limits)
        assert.ok('error' in decoded, `accepted: ${JSON.stringify(decoded)}`)
        assert.equal(typeof decoded.error, 'string')
        assert.match(decoded.error, message)
        assert.equal(decoded.e, e, e === undefined ? 'named an event it had no valid id for' : 'did not name the event')
      })
    }

    it('uses a limit of 1 MiB, a depth of 64 and 1000 names per list, 10000 in all by default', () => {
      assert.deepEqual(DEFAULT_LIMITS, { maxFrame: 1 << 20, maxDepth: 64, maxNames: 1000, maxAppSize: 10_000 })
      assert.match((decodeClientMessage(' '.repeat((1 << 20) + 1)) as { error: string }).error, /exceeds the limit/)
      const deep = (n: number) => `{"t":"event","id":1,"trigger":"a.click","values":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`
      assert.ok(!('error' in decodeClientMessage(deep(62))))
      assert.match((decodeClientMessage(deep(63)) as { error: string }).error, /deeper than 64/)
    })
  })

  describe('hostile input', () => {
    it('measures a nesting of a hundred thousand levels without overflowing the stack', () => {
      const n = 100_000
      const decoded = decodeClientMessage(`{"t":"event","id":4,"trigger":"a.click","values":{"a":${'['.repeat(n)}${']'.repeat(n)}}}`)
      assert.deepEqual(decoded, { error: 'frame nests deeper than 64 levels', e: 4 })
    })

    it('never throws, whatever the frame', () => {
      const seeds = [
        { t: 'hello', v: 1, graph: { states: [{ name: 'cart', value: [], ttl: 5 }], controls: ['a'], listeners: [{ ...listener, name: 'n', cancels: ['x'] }] }, resume: 'r' },
        { t: 'event', id: 1, trigger: 'a.click', values: { a: [1, { b: null }] }, data: 'x', ack: 0 },
        { t: 'cancel', listeners: ['a'] },
        { t: 'ping' },
      ]
      const junk: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, '', 'x', [], {}, [null], { __proto__: 1 }, 'n'.repeat(300), NaN]
      let state = 42
      const random = (n: number) => {
        state = (state * 1103515245 + 12345) % 2 ** 31
        return state % n
      }
      // Replaces one value somewhere in the message with junk, or cuts the text short.
      const mutate = (x: unknown, depth = 0): unknown => {
        if (typeof x !== 'object' || x === null || random(4) === 0 || depth > 6) return random(2) ? junk[random(junk.length)] : x
        const copy: Record<string, unknown> | unknown[] = Array.isArray(x) ? [...x] : { ...(x as object) }
        const keys = Object.keys(copy)
        if (!keys.length) return junk[random(junk.length)]
        const key = keys[random(keys.length)]!
        ;(copy as Record<string, unknown>)[key] = mutate((copy as Record<string, unknown>)[key], depth + 1)
        return copy
      }
      let refused = 0
      for (let i = 0; i < 5000; i++) {
        const seed = seeds[i % seeds.length]!
        let raw = JSON.stringify(mutate(seed)) ?? 'undefined'
        if (i % 7 === 0) raw = raw.slice(0, random(raw.length + 1))
        let decoded: ReturnType<typeof decodeClientMessage>
        try {
          decoded = decodeClientMessage(raw, { maxFrame: 500, maxDepth: 6, maxNames: 4, maxAppSize: 20 })
        } catch (error) {
          assert.fail(`threw ${String(error)} for ${raw}`)
        }
        if ('error' in decoded) {
          refused++
          assert.equal(typeof decoded.error, 'string')
          assert.ok(decoded.error.length > 0)
        } else {
          assert.ok(['hello', 'event', 'cancel', 'ping'].includes(decoded.t), raw)
        }
      }
      assert.ok(refused > 250 && refused < 4750, `${refused} of 5000 refused: the fuzzing does not exercise both sides`)
    })
  })
})
