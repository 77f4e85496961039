// The same proposition fixtures as the client's tests: the slot renders what the client stores.
export * from "../../client/test/propositions.js";
