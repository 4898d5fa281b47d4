// Node 20 lacks Promise.withResolvers (Node 22+), which aws-local-stepfunctions 3 calls for every Task state.
// npm scripts run on the pinned Node 24 (docs/node.md), which has it, so this is a no-op there; it stays for
// Node 20 runs that do not get that binary: macOS or Windows, `npm ci --omit=optional`, or a tool started
// straight from a shell (`./node_modules/.bin/vitest`) rather than through npm/npx.
type Resolvers<T> = { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void };
const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
P.withResolvers ??= <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
