// Size budget of @offerkit/react + @offerkit/client as an app ships them: one esbuild bundle,
// minified, gzipped. react, react-dom, ky and DOMPurify are peers/externals the app already has;
// DOMPurify's own cost is printed next to it so nobody mistakes it for free.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";

const BUDGET = 8 * 1024;
const peers = ["react", "react-dom", "react/jsx-runtime", "ky"];

async function gzippedSize(external) {
  const result = await build({
    stdin: {
      contents: 'export * from "@offerkit/react"; export * from "@offerkit/client";',
      resolveDir: import.meta.dirname,
      loader: "ts",
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["@offerkit/source"],
    external,
    write: false,
    metafile: true,
    logLevel: "error",
  });
  // The browser bundle must never pull core's runtime (zod, the CEL parser): types only.
  const leaked = Object.keys(result.metafile.inputs).filter((path) =>
    /packages\/core\/|node_modules\/(zod|@marcbachmann)\//.test(path),
  );
  if (leaked.length > 0)
    throw new Error(`server-side modules leaked into the browser bundle: ${leaked.join(", ")}`);
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const own = await gzippedSize([...peers, "dompurify"]);
const withPurify = await gzippedSize(peers);
const withEverything = await gzippedSize(["react", "react-dom", "react/jsx-runtime"]);
console.log(
  `@offerkit/react + @offerkit/client: ${kb(own.gzip)} min+gzip (${kb(own.min)} min), budget ${kb(BUDGET)}`,
);
console.log(`  excluding react, react-dom, ky and DOMPurify (a peer dependency)`);
console.log(
  `  with DOMPurify bundled in: ${kb(withPurify.gzip)} min+gzip (DOMPurify adds ${kb(withPurify.gzip - own.gzip)})`,
);
console.log(
  `  with DOMPurify and ky bundled in: ${kb(withEverything.gzip)} min+gzip (all but React)`,
);
if (own.gzip > BUDGET) {
  console.error(`size budget exceeded by ${own.gzip - BUDGET} bytes`);
  process.exit(1);
}
