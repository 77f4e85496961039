/** What the CLI touches outside itself, so the `offerkit` binary and tests can supply it. */
export interface PushCliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
}
