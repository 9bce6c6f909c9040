// Worker entry for the backfill compiler pool: compiles one part of a batch per message.
import { compileCandidates } from "./backfill-compile.ts";

declare const self: Worker;

self.onmessage = (event: MessageEvent) => {
  const { seq, batch, targetVersion } = event.data;
  try {
    self.postMessage({ seq, results: compileCandidates(batch, targetVersion) });
  } catch (error) {
    self.postMessage({ seq, error: String((error as Error)?.stack ?? error) });
  }
};
