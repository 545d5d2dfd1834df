// JSX types for the g-* elements in React 19, which sets a prop as the element's property when it
// has one (as g-* elements do for their fields) and as an attribute otherwise.
import type { DetailedHTMLProps, HTMLAttributes } from 'react'
import type { LitElement } from 'lit'
import type {} from 'g-kit' // its modules declare the g-* tags in HTMLElementTagNameMap

/** Whether property K of E can be assigned: a getter alone (`<g-state>`'s `value`) cannot, and React would throw. */
type Writable<E, K extends keyof E> =
  (<T>() => T extends { [P in K]: E[K] } ? 1 : 2) extends <T>() => T extends { -readonly [P in K]: E[K] } ? 1 : 2 ? K : never

/** An element's own writable fields (not its methods, nor Lit's), each optional. */
type Fields<E> = {
  [K in Exclude<keyof E, keyof LitElement> as E[K] extends (...args: never[]) => unknown ? never : Writable<E, K>]?: E[K]
}

/** A g-* element in JSX: its fields, and React's usual props (key, ref, className, style, onClick, onChange, …). */
type GProps<E extends HTMLElement> = Fields<E> & DetailedHTMLProps<HTMLAttributes<E>, E>

type GElements = { [Tag in keyof HTMLElementTagNameMap as Tag extends `g-${string}` ? Tag : never]: GProps<HTMLElementTagNameMap[Tag]> }

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends GElements {}
  }
}
