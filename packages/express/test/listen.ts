import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/** Serve an app on a free port; close() ends open connections too. */
export async function listen(
  app: RequestListener,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
