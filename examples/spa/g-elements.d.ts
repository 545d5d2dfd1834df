// JSX types for the g-* elements in React 19, which sets an element's props as its properties
// when it has them (as every g-* element does for its fields) and as attributes otherwise.
import type { DetailedHTMLProps, HTMLAttributes } from 'react'
import type { LitElement } from 'lit'
import type {} from 'g-kit' // its modules declare the g-* tags in HTMLElementTagNameMap

/** An element's own fields (not its methods, nor Lit's), each optional. */
type Fields<E> = { [K in Exclude<keyof E, keyof LitElement> as E[K] extends (...args: never[]) => unknown ? never : K]?: E[K] }

/** A g-* element in JSX: its fields, and React's usual props (key, ref, className, style, onClick, onChange, …). */
type GProps<E extends HTMLElement> = Fields<E> & DetailedHTMLProps<HTMLAttributes<E>, E>

type GElements = { [Tag in keyof HTMLElementTagNameMap as Tag extends `g-${string}` ? Tag : never]: GProps<HTMLElementTagNameMap[Tag]> }

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends GElements {}
  }
}
