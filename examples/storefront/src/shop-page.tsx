import type { ReactNode } from "react";
import { OfferSlot } from "@offerkit/react";

const PRODUCTS = [
  ["Trail runner 3", "129 €"],
  ["Merino base layer", "79 €"],
  ["Ultralight tent 2P", "349 €"],
  ["Yoga mat pro", "59 €"],
  ["Down jacket", "229 €"],
  ["Hiking poles", "69 €"],
  ["Bike helmet", "89 €"],
  ["Swim goggles", "25 €"],
  ["Ski wax kit", "35 €"],
] as const;

/** The host's own content for the hero: also what reserves the hero's space while deciding. */
function HeroFallback(): ReactNode {
  return (
    <div className="hero-fallback">
      <h2>Gear for every adventure</h2>
      <p>Discover the Northwind collection.</p>
    </div>
  );
}

/** The shop's home page: a hero slot above the fold, a "more for you" slot below it. */
export function ShopPage(): ReactNode {
  return (
    <div className="shop">
      <header>
        <strong>Northwind</strong>
        <nav>Men · Women · Kids · Outdoor</nav>
      </header>
      <section className="hero" aria-label="Featured offer">
        <OfferSlot
          decisionId="homepage"
          placementId="web-hero"
          fallback={<HeroFallback />}
          className="hero-slot"
        />
      </section>
      <main className="products">
        {PRODUCTS.map(([name, price]) => (
          <article key={name} className="product">
            <div className="picture" />
            <h3>{name}</h3>
            <p>{price}</p>
          </article>
        ))}
      </main>
      <aside className="more" aria-label="More for you">
        <h2>More for you</h2>
        <OfferSlot
          decisionId="homepage"
          placementId="web-sidebar"
          itemCount={3}
          fallback={<p>Free returns within 30 days.</p>}
          className="more-slot"
        />
      </aside>
      <footer>© Northwind (offerkit demo)</footer>
    </div>
  );
}
