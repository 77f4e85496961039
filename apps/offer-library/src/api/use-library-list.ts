import { useEffect, useState } from "react";
import type { Api } from "./api-client.js";
import type { Page } from "./library-types.js";

/** All objects of one library resource (for pickers); an empty list until loaded, on error, or without a segment. */
export function useLibraryList<T>(api: Api, segment: string | undefined): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (segment === undefined) return;
    let current = true;
    api.get<Page<T>>(`/v1/${segment}?orderBy=name&limit=500`).then(
      (page) => current && setItems(page.items),
      () => current && setItems([]),
    );
    return () => {
      current = false;
    };
  }, [api, segment]);
  return items;
}
