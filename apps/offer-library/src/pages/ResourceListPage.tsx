import { useEffect, useState } from "react";
import type { Page } from "../api/library-types.js";
import type { Session } from "../api/session.js";
import { ErrorMessage } from "../components/ErrorMessage.js";
import type { ResourceKind } from "../resources/resource-kinds.js";

interface Item {
  id: string;
  name: string;
  status?: string;
  kind?: string;
  expression?: string;
  channel?: string;
}

/** The list of one library resource (placements, collections, rules, formulas, decisions). */
export function ResourceListPage({ session, kind }: { session: Session; kind: ResourceKind }) {
  const [items, setItems] = useState<Item[] | undefined>();
  const [q, setQ] = useState("");
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const params = new URLSearchParams({ orderBy: "name", limit: "500" });
    if (q.trim()) params.set("q", q.trim());
    let current = true;
    const timer = setTimeout(() => {
      session.api.get<Page<Item>>(`/v1/${kind.segment}?${params.toString()}`).then(
        (page) => current && setItems(page.items),
        (e: unknown) => current && setError(e),
      );
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [session, kind, q]);

  const titleId = `${kind.segment}-title`;
  return (
    <section aria-labelledby={titleId}>
      <div className="title-row">
        <h1 id={titleId}>{kind.title}</h1>
        {session.canWrite && (
          <a className="button" href={`#/${kind.segment}/new`}>
            New {kind.singular}
          </a>
        )}
      </div>
      <form
        className="filters"
        role="search"
        aria-label={`Filter ${kind.title.toLowerCase()}`}
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          Search by name
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </form>
      <ErrorMessage error={error} />
      {items === undefined ? (
        <p role="status">Loading…</p>
      ) : items.length === 0 ? (
        <p role="status">Nothing here yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">
            {items.length} {kind.title.toLowerCase()}
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <td>
                  <a href={`#/${kind.segment}/${encodeURIComponent(item.id)}`}>{item.name}</a>
                </td>
                <td>
                  <code>{item.id}</code>
                </td>
                <td>
                  {item.expression !== undefined ? (
                    <code>{item.expression}</code>
                  ) : (
                    [item.status, item.kind, item.channel].filter(Boolean).join(" · ")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
