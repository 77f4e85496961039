import { ITEM_FIELDS, type ItemField, type ValueRef } from "./compiled-template.js";
import { TemplateCompileError } from "./template-compile-error.js";
import type { TokenExpression } from "./token.js";

/** Where a token is being compiled: the document skeleton, one slot's item markup, or a link template. */
export type RefScope = { kind: "skeleton" } | { kind: "slot"; slot: number } | { kind: "link" };

/**
 * Turns a token path into what it reads, refusing anything a template may not reach: unknown roots,
 * `item.*` outside `<mj-offer>`, one slot's items from another slot.
 */
export function resolveRef(token: TokenExpression, scope: RefScope): ValueRef {
  const [root = "", ...rest] = token.path;
  const fail = (message: string) =>
    new TemplateCompileError(`{{ ${token.source} }}: ${message}`, [
      { path: ["token", token.source], message },
    ]);
  switch (root) {
    case "profile":
    case "context":
      if (rest.length === 0) throw fail(`name a field, e.g. ${root}.firstName`);
      return { root, path: rest };
    case "recipient": {
      const field = rest.join(".");
      if (field !== "id" && field !== "email") throw fail("recipient has id and email");
      return { root, field };
    }
    case "campaign":
      if (rest.join(".") !== "id") throw fail("campaign has id");
      return { root, field: "id" };
    case "unsubscribeUrl":
      if (rest.length > 0) throw fail("unsubscribeUrl has no fields");
      return { root };
    case "item": {
      if (scope.kind !== "link") throw fail("item.* is only available inside <mj-offer>");
      const [field, ...path] = itemField(rest, fail);
      return { root: "item", field, path };
    }
    case "$offer": {
      const [slotText, itemText, ...fieldPath] = rest;
      const slot = Number(slotText);
      if (scope.kind !== "slot" || scope.slot !== slot)
        throw fail("item.* is only available inside <mj-offer>");
      const [field, ...path] = itemField(fieldPath, fail);
      return { root: "offer", slot, item: Number(itemText), field, path };
    }
    case "$link": {
      const [slotText, itemText, linkText] = rest;
      const slot = Number(slotText);
      if (scope.kind !== "slot" || scope.slot !== slot || rest.length !== 3)
        throw fail("internal link token out of place");
      return { root: "link", slot, item: Number(itemText), link: Number(linkText) };
    }
    default:
      throw fail(
        `unknown name "${root}" (known: profile, context, recipient, campaign, unsubscribeUrl, item)`,
      );
  }
}

function itemField(path: string[], fail: (message: string) => Error): [ItemField, ...string[]] {
  const [field, ...rest] = path;
  if (!field || !(ITEM_FIELDS as readonly string[]).includes(field))
    throw fail(`item fields are ${ITEM_FIELDS.join(", ")}`);
  if (field === "attributes" && rest.length === 0)
    throw fail("name an attribute, e.g. item.attributes.discountPct");
  if (field !== "attributes" && field !== "content" && rest.length > 0)
    throw fail(`item.${field} has no sub-fields`);
  return [field as ItemField, ...rest];
}
