import { useEffect, useMemo, useState } from "react";
import type { Offer, Page } from "../api/library-types.js";
import type { Session } from "../api/session.js";
import { useLibraryList } from "../api/use-library-list.js";
import { ErrorMessage } from "../components/ErrorMessage.js";

const STATUSES = ["", "draft", "approved", "archived"] as const;

export function OffersPage({ session }: { session: Session }) {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("");
  const [tag, setTag] = useState("");
  const [kind, setKind] = useState<"" | "personalized" | "fallback">("");
  const [offers, setOffers] = useState<Offer[] | undefined>();
  const [error, setError] = useState<unknown>();
  // Every tag in use, offered as suggestions by the tag filter.
  const allOffers = useLibraryList<Offer>(session.api, "offers");
  const knownTags = useMemo(
    () => [...new Set(allOffers.flatMap((o) => o.tags))].sort(),
    [allOffers],
  );

  useEffect(() => {
    const params = new URLSearchParams({ orderBy: "name", limit: "200" });
    if (q.trim()) params.set("q", q.trim());
    if (status) params.set("status", status);
    if (tag.trim()) params.set("tag", tag.trim());
    if (kind) params.set("kind", kind);
    let current = true;
    const timer = setTimeout(() => {
      session.api
        .get<Page<Offer>>(`/v1/offers?${params.toString()}`)
        .then((page) => {
          if (!current) return;
          setOffers(page.items);
          setError(undefined);
        })
        .catch((e: unknown) => current && setError(e));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [session, q, status, tag, kind]);

  return (
    <section aria-labelledby="offers-title">
      <div className="title-row">
        <h1 id="offers-title">Offers</h1>
        {session.canWrite && (
          <a className="button" href="#/offers/new">
            New offer
          </a>
        )}
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Filter offers"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Search by name
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "" ? "any" : s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input value={tag} list="known-tags" onChange={(e) => setTag(e.target.value)} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="">any</option>
            <option value="personalized">personalized</option>
            <option value="fallback">fallback</option>
          </select>
        </label>
        <datalist id="known-tags">
          {knownTags.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </form>
      <ErrorMessage error={error} />
      {offers === undefined ? (
        <p role="status">Loading…</p>
      ) : offers.length === 0 ? (
        <p role="status">No offers match.</p>
      ) : (
        <table className="offers">
          <caption className="visually-hidden">{offers.length} offers</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
              <th scope="col">Tags</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((offer) => (
              <tr key={offer.id} data-offer-id={offer.id}>
                <td>
                  <a href={`#/offers/${encodeURIComponent(offer.id)}`}>{offer.name}</a>
                </td>
                <td>
                  <code>{offer.id}</code>
                </td>
                <td>{offer.kind}</td>
                <td>
                  <span className={`status status-${offer.status}`}>{offer.status}</span>
                </td>
                <td>{offer.kind === "personalized" ? offer.priority : "—"}</td>
                <td>{offer.tags.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
