import { StrictMode, useState, type FormEvent } from 'react'
import { createRoot } from 'react-dom/client'
import 'g-kit' // registers every g-* element

/**
 * A shop: React owns the product list and whether the checkout shows; g-kit's server owns the cart.
 * Each product's `<g-button>` joins the app when React mounts it and leaves when React removes it.
 */
function Shop() {
  const [products, setProducts] = useState(['Apples', 'Bread', 'Milk'])
  const [checkout, setCheckout] = useState(false)
  const [count, setCount] = useState(0)

  function addProduct(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = event.currentTarget.elements.namedItem('product') as HTMLInputElement
    const product = input.value.trim()
    if (product && !products.includes(product)) setProducts([...products, product])
    input.value = ''
  }

  return (
    // The page is served by the app it talks to, at `/` or under a base path (`/spa/` in the gallery).
    <g-app server="./">
      {/* Its default ([]) is declared on the server: React sets props as properties, and a state's `value` is attribute-only. */}
      <g-state name="cart" />
      <ul className="products">
        {products.map((product) => (
          <li key={product}>
            {/* React 19 sets these as properties; the click reaches add_to_cart with ctx.event.value === product. */}
            <g-button value={product} fn="add_to_cart" inputs="cart" outputs="cart" size="sm">
              Add {product}
            </g-button>
            {/* No `fn`: a button for React alone, heard with onClick. */}
            <g-button size="sm" onClick={() => setProducts(products.filter((p) => p !== product))}>
              Remove {product}
            </g-button>
          </li>
        ))}
      </ul>
      <form className="new-product" onSubmit={addProduct}>
        <input name="product" aria-label="New product" placeholder="Kiwis" />
        <button>Add to the list</button>
      </form>
      <g-on triggers="cart.change" fn="cart_contents" inputs="cart" outputs="contents" />
      {/* A value the server set, read back into React: `change` fires on the element, and onChange hears it. */}
      <g-json name="contents" label="Cart" onChange={(event) => setCount((event.currentTarget.value as string[]).length)} />
      <label>
        <input type="checkbox" checked={checkout} onChange={(event) => setCheckout(event.target.checked)} /> Check out{' '}
        {count} {count === 1 ? 'item' : 'items'}
      </label>
      {checkout && (
        <section className="checkout" aria-label="Checkout">
          <g-textbox name="address" label="Address" />
          <g-button fn="place_order" inputs="cart address" outputs="cart receipt" variant="primary">
            Place order
          </g-button>
          <g-textbox name="receipt" label="Receipt" interactive={false} />
        </section>
      )}
    </g-app>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shop />
  </StrictMode>,
)
